"""Translation memory: every human translation, reusable in other articles.

Revision ID: 0007
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tm_unit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source_key", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("target_key", sa.String(length=64), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("article.id", ondelete="SET NULL"), nullable=True),
        sa.Column("prev_key", sa.String(length=64), nullable=True),
        sa.Column("next_key", sa.String(length=64), nullable=True),
        sa.Column("author", sa.String(length=80), nullable=True),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("source_key", "target_key", "locale", name="uq_tm_unit_pair"),
    )
    op.create_index("ix_tm_unit_lookup", "tm_unit", ["source_key", "locale"])


def downgrade() -> None:
    op.drop_index("ix_tm_unit_lookup", table_name="tm_unit")
    op.drop_table("tm_unit")
