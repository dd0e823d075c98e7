"""The original headline beside its readable case (existing ALL-CAPS headlines converted);
engine-unknown words per translation; derived gender and number for glossary entries the curator
left without them.

Revision ID: 0005
Revises: 0008
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0008"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)


def upgrade() -> None:
    with op.batch_alter_table("article") as batch:
        batch.add_column(sa.Column("original_title", sa.Text(), nullable=True))
    with op.batch_alter_table("translation") as batch:
        batch.add_column(sa.Column("unknown", sa.JSON(), nullable=False, server_default="[]"))
    _derive_gender_and_number()
    _readable_headlines()


def _readable_headlines() -> None:
    """One-off: ALL-CAPS headlines of existing articles shown in sentence case, the original kept."""
    import hashlib

    from app import glossary, headline

    conn = op.get_bind()
    articles = sa.table("article", sa.column("id"), sa.column("title"), sa.column("original_title"))
    segments = sa.table(
        "segment", sa.column("id"), sa.column("article_id"), sa.column("kind"), sa.column("source"),
        sa.column("source_hash"),
    )
    entries = sa.table(
        "glossary_entry", sa.column("id"), sa.column("source"), sa.column("target"), sa.column("source_plural"),
        sa.column("target_plural"), sa.column("kind"), sa.column("case_sensitive"), sa.column("gender"),
        sa.column("number"), sa.column("domain"), sa.column("deleted"),
    )
    live = conn.execute(sa.select(entries).where(entries.c.deleted == sa.false())).mappings().all()
    matcher = glossary.Matcher(glossary.Entry.of(dict(row)) for row in live)
    for article_id, title in conn.execute(sa.select(articles.c.id, articles.c.title)).all():
        shown = headline.readable(title, matcher)
        if shown == title:
            continue
        conn.execute(articles.update().where(articles.c.id == article_id).values(title=shown, original_title=title))
        # same length, so the term offsets stored with its translation still hold
        conn.execute(
            segments.update()
            .where(segments.c.article_id == article_id, segments.c.kind == "title", segments.c.source == title)
            .values(source=shown, source_hash=hashlib.sha1(shown.encode("utf-8")).hexdigest())
        )


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
