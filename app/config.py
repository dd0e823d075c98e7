"""Configuration defaults, overridable by PARALELO_* environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ENGINES = ("auto", "argos", "apertium")
TARGET_LOCALES = ("es", "es-419", "es-SV", "es-MX", "es-US")

DEFAULTS = {
    "ENGINE": "auto",
    "DEFAULT_TARGET_LANG": "es-419",
    "MAX_ARTICLE_BYTES": 1_000_000,
    "MAX_CONTENT_LENGTH": 2_000_000,
    "MAX_FORM_MEMORY_SIZE": 2_000_000,
    "JOB_WORKERS": 1,
    "JOB_STALE_SECONDS": 60,  # a running job with no heartbeat for this long is run again
    "RUN_JOBS": True,
    "SEED_ON_START": True,
    "ARGOS_BEAM_SIZE": 2,
    "ARGOS_THREADS": 1,
    "LANGUAGES": ["en", "es"],
    "AUTH": "on",  # on: editors log in; off: single-user local mode, writes from loopback only
    "RATELIMIT_LOGIN": "10/minute",
    "RATELIMIT_IMPORT": "60/hour",
    "RATELIMIT_TRANSLATE": "30/hour",
    "RATELIMIT_LOOKUP": "120/minute",  # word lookups per address
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "PERMANENT_SESSION_LIFETIME": 14 * 24 * 3600,
    "READER_CACHE_SIZE": 64,  # rendered reader pages kept in memory (0: render every time)
    "READER_MAX_AGE": 0,  # seconds a proxy may serve an anonymous reader page unchecked (0: revalidate)
    "READER_REVISION_TTL": 1.0,  # seconds an article's revision is trusted between commits of this process
}


def secret_key(data_dir: Path) -> str:
    """A random secret kept in the data folder, made on first run (PARALELO_SECRET_KEY wins)."""
    path = data_dir / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        path.write_text(key)
        path.chmod(0o600)
        return key


def from_env(instance_path: str) -> dict:
    """Read settings from the environment, falling back to defaults."""
    conf = dict(DEFAULTS)
    env = os.environ
    data_dir = Path(env.get("PARALELO_DATA_DIR") or instance_path)
    conf["DATA_DIR"] = str(data_dir)
    conf["DATABASE_URL"] = env.get("PARALELO_DATABASE_URL") or f"sqlite:///{data_dir / 'paralelo.db'}"
    conf["SECRET_KEY"] = env.get("PARALELO_SECRET_KEY") or secret_key(data_dir)
    conf["AUTH"] = env.get("PARALELO_AUTH", conf["AUTH"]).lower()
    conf["SESSION_COOKIE_SECURE"] = env.get("PARALELO_SECURE_COOKIES", "0") == "1"
    conf["RATELIMIT_STORAGE_URI"] = env.get("PARALELO_RATELIMIT_STORAGE", conf["RATELIMIT_STORAGE_URI"])
    if env.get("PARALELO_RATELIMIT", "1") == "0":
        conf["RATELIMIT_ENABLED"] = False
    conf["ENGINE"] = env.get("PARALELO_ENGINE", conf["ENGINE"])
    conf["DEFAULT_TARGET_LANG"] = env.get("PARALELO_TARGET_LANG", conf["DEFAULT_TARGET_LANG"])
    conf["ARGOS_PACKAGES_DIR"] = env.get("PARALELO_ARGOS_DIR") or str(data_dir / "argos")
    if "PARALELO_READER_REVISION_TTL" in env:
        conf["READER_REVISION_TTL"] = float(env["PARALELO_READER_REVISION_TTL"])
    for key in ("ARGOS_BEAM_SIZE", "ARGOS_THREADS", "JOB_WORKERS", "JOB_STALE_SECONDS", "READER_CACHE_SIZE",
                "READER_MAX_AGE"):
        if f"PARALELO_{key}" in env:
            conf[key] = int(env[f"PARALELO_{key}"])
    if env.get("PARALELO_SEED", "1") == "0":
        conf["SEED_ON_START"] = False
    return conf
