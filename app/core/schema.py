"""The database schema: Alembic migrations run on start, skipped cheaply when the database is current.

Importing Alembic costs more than the rest of the app's start-up, so `init_db` first reads the
database's revision with one query and the newest revision from the migration files' own lines
(`revision = "..."`, `down_revision = "..."`), and only runs Alembic when they differ.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"
PRE_ALEMBIC_REVISION = "0001"  # what a database made by create_all before migrations existed holds
_REVISION = re.compile(r'^(down_revision|revision)\s*=\s*["\']?([^"\'\s]+)["\']?', re.MULTILINE)


@cache
def head_revision() -> str:
    """The newest migration: the one revision no other migration revises."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION.findall(path.read_text("utf-8")))
        revisions.add(found["revision"])
        if found.get("down_revision") not in (None, "None"):
            parents.add(found["down_revision"])
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None (new database, or one made before migrations)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def init_db(engine: Engine) -> None:
    """Bring the database schema to the newest migration (creating it on first run)."""
    if current_revision(engine) == head_revision():
        return
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    tables = set(inspect(engine).get_table_names())
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        if "article" in tables and "alembic_version" not in tables:
            command.stamp(cfg, PRE_ALEMBIC_REVISION)  # made by create_all: upgrade it in place
        command.upgrade(cfg, "head")
