"""Storage: migrations create and upgrade databases in place; models and migrations agree."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from app.core import models, schema

HEAD = ScriptDirectory(str(schema.MIGRATIONS)).get_current_head()


def alembic_config(conn) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(schema.MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def test_fresh_database_is_at_head_and_matches_the_models(tmp_path):
    engine = models.make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    schema.init_db(engine)
    with engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == HEAD
        diffs = compare_metadata(MigrationContext.configure(conn), models.Base.metadata)
    assert diffs == []
    assert inspect(engine).get_table_names().count("app_user") == 1


def test_database_from_before_migrations_is_upgraded_in_place(tmp_path):
    engine = models.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.execute(text("drop table alembic_version"))  # as create_all left it, before Alembic
        conn.execute(text(
            "insert into glossary_entry (source, target, kind, case_sensitive, domain, note, origin, bundled,"
            " edited, deleted, version, revision, created_at, updated_at) values ('warden', 'alcaide',"
            " 'translate', 0, 'prison', '', '', 0, 1, 0, 3, 7, '2025-01-01', '2025-01-01')"
        ))
    schema.init_db(engine)
    with engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == HEAD
        assert conn.execute(text("select target, version, source_key from glossary_entry")).one() == (
            "alcaide", 3, "warden")
    assert {"app_user", "api_token"} <= set(inspect(engine).get_table_names())


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    engine = models.make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("pragma journal_mode")).scalar() == "wal"
        assert conn.execute(text("pragma busy_timeout")).scalar() == 15000  # then app.uow retries
