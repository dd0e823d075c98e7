"""Articles keep where they came from: source URL, site name, author and publication date.

Revision ID: 0006
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article") as batch:
        batch.add_column(sa.Column("source_url", sa.Text(), nullable=True))
        batch.add_column(sa.Column("site_name", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("author", sa.Text(), nullable=True))
        batch.add_column(sa.Column("published", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("article") as batch:
        for column in ("published", "author", "site_name", "source_url"):
            batch.drop_column(column)
