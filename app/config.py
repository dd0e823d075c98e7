"""Configuration defaults, overridable by PARALELO_* environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from app.core.fileperms import private_file

ENGINES = ("auto", "argos", "apertium", "libretranslate")
TARGET_LOCALES = ("es", "es-419", "es-SV", "es-MX", "es-US")

DEFAULTS = {
    "ENGINE": "auto",
    "DEFAULT_TARGET_LANG": "es-419",
    "MAX_ARTICLE_BYTES": 1_000_000,
    "MAX_CONTENT_LENGTH": 2_000_000,
    "MAX_FORM_MEMORY_SIZE": 2_000_000,
    "JOB_WORKERS": 1,
    "WORKERS": "internal",  # internal: web processes run jobs in threads; external: only `paralelo worker` does
    "MAX_ARTICLE_SENTENCES": 20_000,
    "JOB_MAX_ATTEMPTS": 3,  # runs of a failing job before it (and its article) is marked failed
    "JOB_RETRY_DELAY": 5,  # seconds before the second run; six times longer before each next one
    "SQLITE_BUSY_TIMEOUT": 15,  # seconds a writer waits for SQLite's lock before a retry (app.uow)
    "JOB_STALE_SECONDS": 60,  # a running job with no heartbeat for this long is run again
    "RUN_JOBS": True,
    "SEED_ON_START": True,
    "ARGOS_BEAM_SIZE": 2,
    "ARGOS_THREADS": 1,
    # LibreTranslate servers (remote engine): base URLs, tried round-robin with failover
    "LIBRETRANSLATE_URLS": [],
    "LIBRETRANSLATE_API_KEY": None,
    "LIBRETRANSLATE_CONNECT_TIMEOUT": 3.0,  # seconds
    "LIBRETRANSLATE_READ_TIMEOUT": 120.0,  # seconds, per request (one chunk of sentences)
    "LIBRETRANSLATE_RETRIES": 2,  # per server, on 429 / 5xx / timeouts, with back-off
    "LIBRETRANSLATE_CHUNK": 50,  # sentences per POST /translate
    "LANGUAGES": ["en", "es"],
    "AUTH": "on",  # on: editors log in; off: single-user local mode, writes from loopback only
    "RATELIMIT_LOGIN": "10/minute",
    "RATELIMIT_IMPORT": "60/hour",
    "RATELIMIT_TRANSLATE": "30/hour",
    "RATELIMIT_URL_IMPORT": "20/hour",  # per user (or per address for anonymous requests)
    # Import from a URL (issue 14): limits of one fetch, and whether local/private addresses may be fetched
    "FETCH_CONNECT_TIMEOUT": 5,
    "FETCH_TIMEOUT": 20,
    "FETCH_MAX_BYTES": 5_000_000,
    "FETCH_ALLOW_PRIVATE": False,
    "RATELIMIT_LOOKUP": "120/minute",  # word lookups per address
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "PERMANENT_SESSION_LIFETIME": 14 * 24 * 3600,
    "PROXY_FIX": 0,  # reverse proxies in front whose X-Forwarded-For/-Proto are trusted
    "READER_PAGE_PARAGRAPHS": 150,  # paragraphs per part of a long article in the reader
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
        private_file(path)  # 0600 before the key is written
        key = secrets.token_hex(32)
        path.write_text(key)
        path.chmod(0o600)
        return key


def user_agent(contact: str | None = None) -> str:
    """The honest User-Agent of page fetches: name, version, and (when configured) where to read about it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("paralelo")
    except PackageNotFoundError:
        number = "dev"
    return f"Paralelo/{number} (+{contact})" if contact else f"Paralelo/{number} (self-hosted bilingual news reader)"


def proxy_hops(value: str) -> int:
    """PARALELO_PROXY_FIX: how many reverse proxies to trust for X-Forwarded-For/-Proto (0: none)."""
    try:
        hops = int(value.strip() or "0")
    except ValueError:
        hops = -1
    if not 0 <= hops <= 10:
        raise ValueError(f"PARALELO_PROXY_FIX must be a number of proxies from 0 to 10, not {value!r}")
    return hops


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
    conf["WORKERS"] = env.get("PARALELO_WORKERS", conf["WORKERS"]).lower()
    for key in ("RATELIMIT_LOGIN", "RATELIMIT_IMPORT", "RATELIMIT_TRANSLATE"):
        conf[key] = env.get(f"PARALELO_{key}", conf[key])
    for key in ("ARGOS_BEAM_SIZE", "ARGOS_THREADS", "JOB_WORKERS", "JOB_STALE_SECONDS", "MAX_ARTICLE_SENTENCES",
                "JOB_MAX_ATTEMPTS", "READER_CACHE_SIZE", "READER_MAX_AGE", "READER_PAGE_PARAGRAPHS"):
        if f"PARALELO_{key}" in env:
            conf[key] = int(env[f"PARALELO_{key}"])
    if "PARALELO_JOB_RETRY_DELAY" in env:
        conf["JOB_RETRY_DELAY"] = float(env["PARALELO_JOB_RETRY_DELAY"])
    conf["LIBRETRANSLATE_URLS"] = env.get("PARALELO_LIBRETRANSLATE_URL", "").replace(",", " ").split()
    conf["LIBRETRANSLATE_API_KEY"] = env.get("PARALELO_LIBRETRANSLATE_API_KEY") or None
    for key in ("LIBRETRANSLATE_RETRIES", "LIBRETRANSLATE_CHUNK"):
        if f"PARALELO_{key}" in env:
            conf[key] = int(env[f"PARALELO_{key}"])
    for key in ("LIBRETRANSLATE_CONNECT_TIMEOUT", "LIBRETRANSLATE_READ_TIMEOUT"):
        if f"PARALELO_{key}" in env:
            conf[key] = float(env[f"PARALELO_{key}"])
    conf["FETCH_ALLOW_PRIVATE"] = env.get("PARALELO_FETCH_ALLOW_PRIVATE", "0") == "1"
    for key in ("FETCH_TIMEOUT", "FETCH_MAX_BYTES"):
        if f"PARALELO_{key}" in env:
            conf[key] = int(env[f"PARALELO_{key}"])
    conf["FETCH_USER_AGENT"] = user_agent(env.get("PARALELO_FETCH_CONTACT"))
    conf["PROXY_FIX"] = proxy_hops(env.get("PARALELO_PROXY_FIX", "0"))
    if env.get("PARALELO_SEED", "1") == "0":
        conf["SEED_ON_START"] = False
    return conf
