"""Review where it matters (issue 25): checks and review status on each translation, the substitutions
editors make (mined into glossary suggestions), and the decisions taken about those suggestions.

Existing human translations start as "edited", everything else as "machine"; checks stay empty
(None: not checked) until the sentence is translated, edited or imported again.

Revision ID: review
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "review"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("translation") as batch:
        batch.add_column(sa.Column("checks", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("confidence", sa.Float(), nullable=True))
        batch.add_column(sa.Column("review_status", sa.String(length=16), nullable=False, server_default="machine"))
        batch.add_column(sa.Column("reviewed_by", sa.String(length=80), nullable=True))
        batch.add_column(sa.Column("reviewed_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("approved_by", sa.String(length=80), nullable=True))
        batch.add_column(sa.Column("approved_at", sa.DateTime(), nullable=True))
    translations = sa.table("translation", sa.column("origin"), sa.column("engine"), sa.column("review_status"))
    op.get_bind().execute(
        translations.update()
        .where(translations.c.origin == "human", sa.or_(translations.c.engine.is_(None), translations.c.engine != "tm"))
        .values(review_status="edited")
    )
    op.create_table(
        "edit_substitution",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("translation_id", sa.Integer(), sa.ForeignKey("translation.id", ondelete="CASCADE"), nullable=False),
        sa.Column("segment_id", sa.Integer(), sa.ForeignKey("segment.id", ondelete="CASCADE"), nullable=False),
        sa.Column("machine", sa.String(length=200), nullable=False),
        sa.Column("human", sa.String(length=200), nullable=False),
        sa.Column("machine_key", sa.String(length=200), nullable=False),
        sa.Column("human_key", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Float(), nullable=False),
    )
    op.create_index("ix_edit_substitution_translation_id", "edit_substitution", ["translation_id"])
    op.create_index("ix_edit_substitution_segment_id", "edit_substitution", ["segment_id"])
    op.create_index("ix_edit_substitution_machine_key", "edit_substitution", ["machine_key"])
    op.create_table(
        "suggestion_decision",
        sa.Column("key", sa.String(length=40), primary_key=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("target", sa.String(length=300), nullable=False),
        sa.Column("machine", sa.String(length=200), nullable=False),
        sa.Column("entry_id", sa.Integer(), sa.ForeignKey("glossary_entry.id"), nullable=True),
        sa.Column("who", sa.String(length=80), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("suggestion_decision")
    op.drop_index("ix_edit_substitution_machine_key", "edit_substitution")
    op.drop_index("ix_edit_substitution_segment_id", "edit_substitution")
    op.drop_index("ix_edit_substitution_translation_id", "edit_substitution")
    op.drop_table("edit_substitution")
    with op.batch_alter_table("translation") as batch:
        for column in ("approved_at", "approved_by", "reviewed_at", "reviewed_by", "review_status", "confidence",
                       "checks"):
            batch.drop_column(column)
