"""Migration 0013: glossary entries get a part of speech, derived as the application derives it."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from app.core import models, schema
from app.glossary import pos
from tests.unit.core.test_models import alembic_config


def test_upgrade_gives_existing_entries_the_default_part_of_speech(tmp_path):
    engine = models.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    insert = (
        "insert into glossary_entry (source, source_key, target, kind, case_sensitive, gender, number, domain,"
        " note, origin, search_text, bundled, edited, deleted, version, revision, created_at, updated_at) values"
        " (:s, :s, :t, :k, 0, :g, 'sg', 'prison', '', '', '', 0, 0, 0, 1, 1, '2025-01-01', '2025-01-01')"
    )
    rows = [("visit", "visita", "translate", "f"), ("CECOT", "CECOT", "keep", "m"),
            ("allegedly", "presuntamente", "translate", None)]
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0005")
        for s, t, k, g in rows:
            conn.execute(text(insert), {"s": s, "t": t, "k": k, "g": g})
    schema.init_db(engine)
    with engine.connect() as conn:
        found = dict(conn.execute(text("select source, pos from glossary_entry")).all())
    assert found == {s: pos.default(k, g) for s, _t, k, g in rows} == {
        "visit": "noun", "CECOT": "name", "allegedly": "any"}
