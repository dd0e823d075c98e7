"""Every setting in one place: its default, its PARALELO_* environment variable, and what it means.

`DEFAULTS` is what the app, the CLI and the workers start from; `from_env` overrides each key from
the environment variable `PARALELO_<KEY>` (or the older name in `ALIASES`), converted to the type of
its default. A value that cannot be read stops the start with a message naming the variable.
`docs/configuration.md` is the same table for people (tests/unit/test_config.py keeps them in step).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from app.core.direction import SPANISH_VARIANTS
from app.core.fileperms import private_file

# Engines in order of preference for "auto", which only ever picks a local engine (not a remote one).
ENGINE_NAMES = ("argos", "apertium", "libretranslate")
ENGINES = ("auto", *ENGINE_NAMES)
TARGET_LOCALES = SPANISH_VARIANTS  # English articles' targets; Spanish ones are read in "en" (app.core.direction)

DEFAULTS: dict[str, object] = {
    "ENGINE": "auto",
    "DEFAULT_TARGET_LANG": "es-419",
    "MAX_ARTICLE_BYTES": 1_000_000,
    "MAX_ARTICLE_SENTENCES": 20_000,
    "MAX_CONTENT_LENGTH": 2_000_000,
    "MAX_FORM_MEMORY_SIZE": 2_000_000,
    "JOB_WORKERS": 1,
    "WORKERS": "internal",  # internal: web processes run jobs in threads; external: only `paralelo worker` does
    "JOB_MAX_ATTEMPTS": 3,  # runs of a failing job before it (and its article) is marked failed
    "JOB_RETRY_DELAY": 5.0,  # seconds before the second run; six times longer before each next one
    "JOB_STALE_SECONDS": 60,  # a running job with no heartbeat for this long is run again
    "SQLITE_BUSY_TIMEOUT": 15,  # seconds a writer waits for SQLite's lock before a retry (app.core.uow)
    "RUN_JOBS": True,
    "SEED_ON_START": True,
    "ARGOS_BEAM_SIZE": 2,
    "ARGOS_THREADS": 1,
    # LibreTranslate servers (remote engine): base URLs, tried round-robin with failover
    "LIBRETRANSLATE_URLS": [],
    "LIBRETRANSLATE_API_KEY": "",
    "LIBRETRANSLATE_CONNECT_TIMEOUT": 3.0,  # seconds
    "LIBRETRANSLATE_READ_TIMEOUT": 120.0,  # seconds, per request (one chunk of sentences)
    "LIBRETRANSLATE_RETRIES": 2,  # per server, on 429 / 5xx / timeouts, with back-off
    "LIBRETRANSLATE_CHUNK": 50,  # sentences per POST /translate
    "LANGUAGES": ["en", "es"],
    "AUTH": "on",  # on: editors log in; off: single-user local mode, writes from loopback only
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_LOGIN": "10/minute",
    "RATELIMIT_IMPORT": "60/hour",
    "RATELIMIT_TRANSLATE": "30/hour",
    "RATELIMIT_URL_IMPORT": "20/hour",  # per user (or per address for anonymous requests)
    "RATELIMIT_LOOKUP": "120/minute",  # word lookups per address
    "RATELIMIT_STUDY_EXPORT": "30/minute",  # study-list exports (CSV, Anki) per address
    "RATELIMIT_STORAGE_URI": "memory://",
    # Rate-limit storage (Redis) unreachable: Flask-Limiter counts in this process's memory, with a logged
    # warning, and goes back to the storage once it answers (a login never fails for want of a counter)
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    "RATELIMIT_HEADERS_ENABLED": True,
    # A limit counts the requests of the last period (moving window), not of the clock's current minute or
    # hour: a fixed window lets twice the limit through across a boundary
    "RATELIMIT_STRATEGY": "moving-window",
    # Import from a URL: limits of one fetch, and whether local/private addresses may be fetched
    "FETCH_CONNECT_TIMEOUT": 5.0,
    "FETCH_TIMEOUT": 20.0,
    "FETCH_MAX_BYTES": 5_000_000,
    "FETCH_ALLOW_PRIVATE": False,
    "FETCH_USER_AGENT": "Paralelo",  # from_env writes the honest one: name, version and FETCH_CONTACT
    "FETCH_CONTACT": "",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "PERMANENT_SESSION_LIFETIME": 14 * 24 * 3600,
    "PROXY_FIX": 0,  # reverse proxies in front whose X-Forwarded-For/-Proto are trusted
    "READER_PAGE_PARAGRAPHS": 150,  # paragraphs per part of a long article in the reader
    "READER_CACHE_SIZE": 64,  # rendered reader pages kept in memory (0: render every time)
    "READER_FAST_PATH": True,  # repeated anonymous reader pages are answered in front of Flask (app.web.fastpath)
    "READER_MAX_AGE": 0,  # seconds a proxy may serve an anonymous reader page unchecked (0: revalidate)
    "READER_REVISION_TTL": 1.0,  # seconds an article's revision is trusted between commits of this process
    "LEARN_MIN_EDITS": 3,  # sentences corrected the same way before a glossary suggestion is offered (issue 25)
}

# Environment variables whose names differ from PARALELO_<KEY> (kept for existing installations).
ALIASES = {
    "DEFAULT_TARGET_LANG": "PARALELO_TARGET_LANG",
    "ARGOS_PACKAGES_DIR": "PARALELO_ARGOS_DIR",
    "LIBRETRANSLATE_URLS": "PARALELO_LIBRETRANSLATE_URL",
    "SESSION_COOKIE_SECURE": "PARALELO_SECURE_COOKIES",
    "RATELIMIT_STORAGE_URI": "PARALELO_RATELIMIT_STORAGE",
    "RATELIMIT_ENABLED": "PARALELO_RATELIMIT",
    "SEED_ON_START": "PARALELO_SEED",
}
# Settings for the process, not for people to set (tests set them through create_app's mapping).
INTERNAL = {"RUN_JOBS", "LANGUAGES", "FETCH_USER_AGENT", "RATELIMIT_HEADERS_ENABLED", "RATELIMIT_STRATEGY",
            "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"}
CHOICES = {"AUTH": ("on", "off"), "WORKERS": ("internal", "external"), "ENGINE": ENGINES,
           "DEFAULT_TARGET_LANG": TARGET_LOCALES}


def variable(key: str) -> str:
    """The environment variable that sets `key`."""
    return ALIASES.get(key, f"PARALELO_{key}")


def secret_key(data_dir: Path) -> str:
    """A random secret kept in the data folder, made on first run (PARALELO_SECRET_KEY wins)."""
    path = data_dir / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        private_file(path)  # 0600 before the key is written
        key = secrets.token_hex(32)
        path.write_text(key)
        path.chmod(0o600)
        return key


def user_agent(contact: str | None = None) -> str:
    """The honest User-Agent of page fetches: name, version, and (when configured) where to read about it."""
    from app.version import __version__

    if contact:
        return f"Paralelo/{__version__} (+{contact})"
    return f"Paralelo/{__version__} (self-hosted bilingual news reader)"


def proxy_hops(value: str) -> int:
    """PARALELO_PROXY_FIX: how many reverse proxies to trust for X-Forwarded-For/-Proto (0: none)."""
    try:
        hops = int(value.strip() or "0")
    except ValueError:
        hops = -1
    if not 0 <= hops <= 10:
        raise ValueError(f"PARALELO_PROXY_FIX must be a number of proxies from 0 to 10, not {value!r}")
    return hops


def _convert(key: str, raw: str, default: object) -> object:
    """An environment value as the type of its default; ValueError naming the variable if it is not one."""
    name = variable(key)
    try:
        if isinstance(default, bool):
            lowered = raw.strip().lower()
            if lowered not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                raise ValueError(raw)
            value: object = lowered in ("1", "true", "yes", "on")
        elif isinstance(default, int):
            value = int(raw)
        elif isinstance(default, float):
            value = float(raw)
        elif isinstance(default, list):
            value = raw.replace(",", " ").split()
        else:
            value = raw.strip()
    except ValueError:
        kind = type(default).__name__.replace("bool", "1 or 0").replace("int", "whole number").replace(
            "float", "number")
        raise ValueError(f"{name} must be a {kind}, not {raw!r}") from None
    if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
        raise ValueError(f"{name} cannot be negative ({raw!r})")
    if key in ("AUTH", "WORKERS", "ENGINE"):
        value = str(value).lower()
    if key in CHOICES and value not in CHOICES[key]:
        raise ValueError(f"{name} must be one of {', '.join(CHOICES[key])}, not {raw!r}")
    return value


def from_env(instance_path: str, env: Mapping[str, str] | None = None) -> dict:
    """The settings: DEFAULTS overridden by the environment (see the module docstring)."""
    env = os.environ if env is None else env
    conf = dict(DEFAULTS)
    for key, default in DEFAULTS.items():
        raw = env.get(variable(key))
        if raw is not None and key not in INTERNAL and key != "PROXY_FIX":
            conf[key] = _convert(key, raw, default)
    data_dir = Path(env.get("PARALELO_DATA_DIR") or instance_path)
    conf["DATA_DIR"] = str(data_dir)
    conf["DATABASE_URL"] = env.get("PARALELO_DATABASE_URL") or f"sqlite:///{data_dir / 'paralelo.db'}"
    conf["SECRET_KEY"] = env.get("PARALELO_SECRET_KEY") or secret_key(data_dir)
    conf["ARGOS_PACKAGES_DIR"] = env.get(variable("ARGOS_PACKAGES_DIR")) or str(data_dir / "argos")
    conf["FETCH_USER_AGENT"] = user_agent(conf["FETCH_CONTACT"] or None)
    conf["PROXY_FIX"] = proxy_hops(env.get("PARALELO_PROXY_FIX", "0"))
    return conf
