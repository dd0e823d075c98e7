"""The address a URL import had while its page was being fetched (its slug then comes from the title).

Revision ID: 0012
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article") as batch:
        batch.add_column(sa.Column("former_slug", sa.String(length=120), nullable=True))
        batch.create_index("ix_article_former_slug", ["former_slug"])


def downgrade() -> None:
    with op.batch_alter_table("article") as batch:
        batch.drop_index("ix_article_former_slug")
        batch.drop_column("former_slug")
