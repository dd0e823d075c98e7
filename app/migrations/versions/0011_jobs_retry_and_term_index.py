"""Jobs are retried with back-off; segments' words are indexed for glossary changes.

Revision ID: 0011
Revises: 0004
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0004"
branch_labels = None
depends_on = None

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-"})


def _tokens(text: str) -> set[str]:
    # as app.term_index.tokens at the time of this migration
    lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text.translate(_APOSTROPHES))
    return {w[:64] for w in re.findall(r"\w+", lowered)}


def upgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("run_after", sa.DateTime(), nullable=True))
    token = op.create_table(
        "segment_token",
        sa.Column("token", sa.String(length=64), primary_key=True),
        sa.Column("segment_id", sa.Integer(), sa.ForeignKey("segment.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_index("ix_segment_token_token", "segment_token", ["token"])
    op.create_index("ix_segment_token_segment_id", "segment_token", ["segment_id"])
    conn = op.get_bind()
    rows = []
    for seg_id, source in conn.execute(sa.text("SELECT id, source FROM segment")):
        rows.extend({"token": t, "segment_id": seg_id} for t in _tokens(source))
        if len(rows) > 5000:
            op.bulk_insert(token, rows)
            rows = []
    if rows:
        op.bulk_insert(token, rows)


def downgrade() -> None:
    op.drop_table("segment_token")
    with op.batch_alter_table("job") as batch:
        batch.drop_column("run_after")
        batch.drop_column("attempts")
