"""Migration "review" (issue 25): human translations start as edited, the rest as machine, none checked yet."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from app.core import models, schema
from tests.unit.core.test_models import alembic_config


def test_upgrade_gives_existing_translations_their_review_status(tmp_path):
    engine = models.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0013")
        conn.execute(text("insert into article (id, slug, title, byline, source_lang, target_lang, original_text,"
                          " engine, status, progress, created_at) values (1, 'a', 'A', '', 'en', 'es', 'x', 'auto',"
                          " 'ready', 1, '2025-01-01')"))
        conn.execute(text("insert into segment (id, article_id, paragraph, \"index\", kind, source, source_hash)"
                          " values (1, 1, 0, 0, 'paragraph', 'x', 'h')"))
        for tid, origin, engine_name in ((1, "machine", "apertium"), (2, "human", None), (3, "human", "tm")):
            conn.execute(text("insert into translation (id, segment_id, text, origin, engine, glossary_revision,"
                              " terms, unknown, created_at, current, stale) values (:i, 1, 't', :o, :e, 0, '[]',"
                              " '[]', '2025-01-01', 0, 0)"), {"i": tid, "o": origin, "e": engine_name})
    schema.init_db(engine)
    with engine.connect() as conn:
        rows = dict(conn.execute(text("select id, review_status from translation")).all())
        checks = conn.execute(text("select count(*) from translation where checks is not null")).scalar()
    assert rows == {1: "machine", 2: "edited", 3: "machine"}
    assert checks == 0
