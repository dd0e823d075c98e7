"""Both directions: Spanish-source articles, aligned editions, one-way glossary entries.

article.original_lang (the edition written first), article.edition_text / edition_source (an existing
translation waiting to be aligned, and its address or name), glossary_entry.direction (both | en-es |
es-en; existing entries work both ways). translation.confidence comes from migration "review".

Revision ID: both
Revises: review
"""

import sqlalchemy as sa
from alembic import op

revision = "both"
down_revision = "review"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article") as batch:
        batch.add_column(sa.Column("original_lang", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("edition_text", sa.Text(), nullable=True))
        batch.add_column(sa.Column("edition_source", sa.Text(), nullable=True))
    with op.batch_alter_table("glossary_entry") as batch:
        batch.add_column(sa.Column("direction", sa.String(length=8), nullable=False, server_default="both"))


def downgrade() -> None:
    with op.batch_alter_table("glossary_entry") as batch:
        batch.drop_column("direction")
    with op.batch_alter_table("article") as batch:
        batch.drop_column("edition_source")
        batch.drop_column("edition_text")
        batch.drop_column("original_lang")
