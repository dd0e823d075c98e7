"""Glossary duplicates compare Unicode case-folded sources (SQLite's lower() is ASCII only).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def key(source: str) -> str:
    return " ".join((source or "").split()).casefold()


def upgrade() -> None:
    with op.batch_alter_table("glossary_entry") as batch:
        batch.add_column(sa.Column("source_key", sa.String(length=200), nullable=False, server_default=""))
    conn = op.get_bind()
    entries = sa.table("glossary_entry", sa.column("id"), sa.column("source"), sa.column("source_key"))
    for entry_id, source in conn.execute(sa.select(entries.c.id, entries.c.source)).all():
        conn.execute(entries.update().where(entries.c.id == entry_id).values(source_key=key(source)))
    op.drop_index("uq_glossary_live_source", table_name="glossary_entry")
    op.create_index(
        "uq_glossary_live_key",
        "glossary_entry",
        ["source_key"],
        unique=True,
        sqlite_where=sa.text("deleted = 0"),
        postgresql_where=sa.text("deleted = false"),
    )


def downgrade() -> None:
    op.drop_index("uq_glossary_live_key", table_name="glossary_entry")
    op.create_index(
        "uq_glossary_live_source",
        "glossary_entry",
        [sa.text("lower(source)")],
        unique=True,
        sqlite_where=sa.text("deleted = 0"),
        postgresql_where=sa.text("deleted = false"),
    )
    with op.batch_alter_table("glossary_entry") as batch:
        batch.drop_column("source_key")
