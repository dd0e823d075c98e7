"""Migration 0005: original headline, unknown words per translation, derived gender and number."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text

from app.core import models, schema
from tests.support.morphology import lt_proc  # noqa: F401
from tests.unit.core.test_models import alembic_config

CAPS = "CRISTOSAL SAYS THE FACILITY IS FULL IN MARCH"
READABLE = "Cristosal says the facility is full in March"


@pytest.mark.usefixtures("lt_proc")
def test_upgrade_from_0004_fills_gender_and_adds_columns(tmp_path):
    engine = models.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    insert = (
        "insert into glossary_entry (source, source_key, target, kind, case_sensitive, gender, number, domain,"
        " note, origin, bundled, edited, deleted, version, revision, created_at, updated_at) values"
        " (:s, :s, :t, :k, 0, :g, NULL, 'prison', '', '', 0, 0, 0, 1, 1, '2025-01-01', '2025-01-01')"
    )
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0004")
        for s, t, k, g in [("confinement", "reclusión", "translate", None), ("facility", "recinto", "translate", "f"),
                           ("Cristosal", "Cristosal", "keep", None), ("allegedly", "presuntamente", "translate", None)]:
            conn.execute(text(insert), {"s": s, "t": t, "k": k, "g": g})
        conn.execute(text(
            "insert into article (slug, title, byline, source_lang, target_lang, original_text, engine, status,"
            " progress, created_at) values ('a', :t, '', 'en', 'es', 'x', 'auto', 'ready', 1, '2025-01-01')"),
            {"t": CAPS})
        conn.execute(text(
            "insert into article (slug, title, byline, source_lang, target_lang, original_text, engine, status,"
            " progress, created_at) values ('b', 'Calm title', '', 'en', 'es', 'x', 'auto', 'ready', 1,"
            " '2025-01-01')"))
        conn.execute(text(
            "insert into segment (article_id, paragraph, \"index\", kind, source, source_hash)"
            " values (1, 0, 0, 'title', :t, 'h')"), {"t": CAPS})
        conn.execute(text(
            "insert into translation (segment_id, text, origin, glossary_revision, terms, created_at, current,"
            " stale) values (1, 'A', 'machine', 0, '[]', '2025-01-01', 1, 0)"))
    schema.init_db(engine)
    with engine.connect() as conn:
        query = "select source, gender || '/' || coalesce(number, '') from glossary_entry"
        rows = dict(conn.execute(text(query)).all())
        assert rows == {"confinement": "f/sg", "facility": "f/sg", "Cristosal": None, "allegedly": None}
        assert conn.execute(text("select unknown from translation")).scalar() == "[]"
        assert conn.execute(text("select title, original_title from article order by id")).all() == [
            (READABLE, CAPS), ("Calm title", None)]
        assert conn.execute(text("select source from segment")).scalar() == READABLE
