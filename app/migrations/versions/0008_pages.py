"""Accent-insensitive glossary search (a normalised search_text column) and soft-deleted articles.

Revision ID: 0008
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("glossary_entry") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("article") as batch:
        batch.add_column(sa.Column("deleted_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("deleted_by", sa.String(length=80), nullable=True))
        batch.create_index("ix_article_deleted_at", ["deleted_at"])
    # Fill search_text with the same function the app writes it with: it derives the plural forms
    # the matcher uses, which a copy here would have to repeat.
    from app.glossary_search import search_text

    conn = op.get_bind()
    fields = ("id", "source", "target", "source_plural", "target_plural", "kind", "case_sensitive",
              "gender", "number", "domain", "note")
    entries = sa.table("glossary_entry", *(sa.column(f) for f in fields), sa.column("search_text"))
    for row in conn.execute(sa.select(*(entries.c[f] for f in fields))).mappings().all():
        conn.execute(entries.update().where(entries.c.id == row["id"])
                     .values(search_text=search_text(dict(row))))


def downgrade() -> None:
    with op.batch_alter_table("article") as batch:
        batch.drop_index("ix_article_deleted_at")
        batch.drop_column("deleted_by")
        batch.drop_column("deleted_at")
    with op.batch_alter_table("glossary_entry") as batch:
        batch.drop_column("search_text")
