"""Glossary entries carry a part of speech: a match counts only where the English is that part of speech.

Existing entries get the default the application gives an entry that names none: a name for
`keep` entries, a noun for `translate` entries whose Spanish has a gender (a noun), anything else.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("glossary_entry") as batch:
        batch.add_column(sa.Column("pos", sa.String(length=16), nullable=False, server_default="any"))
    entries = sa.table("glossary_entry", sa.column("kind"), sa.column("gender"), sa.column("pos"))
    conn = op.get_bind()
    conn.execute(entries.update().where(entries.c.kind == "keep").values(pos="name"))
    conn.execute(
        entries.update()
        .where(entries.c.kind == "translate", entries.c.gender.in_(("m", "f")))
        .values(pos="noun")
    )


def downgrade() -> None:
    with op.batch_alter_table("glossary_entry") as batch:
        batch.drop_column("pos")
