"""The original headline beside its readable case; engine-unknown words per translation; derived
gender and number for glossary entries the curator left without them.

Revision ID: 0005
Revises: 0004
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)


def upgrade() -> None:
    with op.batch_alter_table("article") as batch:
        batch.add_column(sa.Column("original_title", sa.Text(), nullable=True))
    with op.batch_alter_table("translation") as batch:
        batch.add_column(sa.Column("unknown", sa.JSON(), nullable=False, server_default="[]"))
    _derive_gender_and_number()


def _derive_gender_and_number() -> None:
    """One-off: fill gender/number of translate entries from the Spanish analyser, where installed."""
    from app import morphology
    from app.gender import derive_many

    if not morphology.available():
        log.warning("lt-proc not installed: glossary genders left as they are")
        return
    conn = op.get_bind()
    entries = sa.table(
        "glossary_entry", sa.column("id"), sa.column("target"), sa.column("kind"),
        sa.column("gender"), sa.column("number"), sa.column("deleted"),
    )
    rows = conn.execute(
        sa.select(entries.c.id, entries.c.target, entries.c.gender, entries.c.number).where(
            entries.c.kind == "translate", sa.or_(entries.c.gender.is_(None), entries.c.number.is_(None))
        )
    ).all()
    derived = derive_many([r.target for r in rows])
    for row, (gender, number) in zip(rows, derived, strict=True):
        values = {}
        if row.gender is None and gender:
            values["gender"] = gender
        if row.number is None and number:
            values["number"] = number
        if values:
            conn.execute(entries.update().where(entries.c.id == row.id).values(**values))


def downgrade() -> None:
    with op.batch_alter_table("translation") as batch:
        batch.drop_column("unknown")
    with op.batch_alter_table("article") as batch:
        batch.drop_column("original_title")
