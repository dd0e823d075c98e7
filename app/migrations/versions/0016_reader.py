"""The study list of signed-in people: words, terms and phrases saved with their sentence.

Revision ID: reader
Revises: both
"""

import sqlalchemy as sa
from alembic import op

revision = "reader"
down_revision = "both"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "study_item",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("owner", sa.String(length=80), nullable=False),
        sa.Column("front", sa.Text(), nullable=False),
        sa.Column("back", sa.Text(), nullable=False),
        sa.Column("context", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(length=16), nullable=False),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("article.id", ondelete="SET NULL"), nullable=True),
        sa.Column("segment_key", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_study_item_owner", "study_item", ["owner"])


def downgrade() -> None:
    op.drop_index("ix_study_item_owner", table_name="study_item")
    op.drop_table("study_item")
