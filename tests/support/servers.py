"""A real Paralelo server process (waitress on 127.0.0.1) for the concurrency and crash tests.

The app runs as a separate process, as in production: accounts on, Apertium as the engine, its own
data folder and (optionally) a PostgreSQL database. Every process started here is stopped by the
caller's `finally` or fixture teardown through `stop()`.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest
from sqlalchemy import MetaData, inspect, text

from app.core import models
from app.translation.engines.apertium import ApertiumEngine
from tests.support.app import REQUIRE_ENGINES
from tests.support.paths import ROOT

HOST = "127.0.0.1"
EDITOR = "editor"
PASSWORD = "correct horse battery"
POSTGRES_ENV = "PARALELO_TEST_POSTGRES_URL"
REQUIRE_POSTGRES = os.environ.get("PARALELO_REQUIRE_POSTGRES") == "1"
BACKENDS = ("sqlite", "postgresql")


class Server(NamedTuple):
    """A running server: where it answers, an editor's API token, its process and environment."""

    base_url: str
    token: str
    process: subprocess.Popen
    env: dict
    log: Path


def require_apertium() -> None:
    """Skip without apertium-eng-spa; fail instead when CI sets PARALELO_REQUIRE_ENGINES=1."""
    if ApertiumEngine().available():
        return
    reason = "apertium-eng-spa is not installed (apt-get install apertium apertium-eng-spa)"
    if REQUIRE_ENGINES:
        pytest.fail(f"{reason}; PARALELO_REQUIRE_ENGINES=1")
    pytest.skip(reason)


def database_url(backend: str, tmp_path: Path) -> str:
    """A fresh, empty database for one test: SQLite in tmp_path, or the PostgreSQL test database."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'paralelo.db'}"
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        reason = f"{POSTGRES_ENV} is not set (e.g. postgresql+psycopg://paralelo:paralelo@127.0.0.1:5432/paralelo_test)"
        if REQUIRE_POSTGRES:
            pytest.fail(f"{reason}; PARALELO_REQUIRE_POSTGRES=1")
        pytest.skip(reason)
    reset_database(url)
    return url


def reset_database(url: str) -> None:
    """Drop every table (the app's, alembic_version and any leftover) so a run starts empty."""
    engine = models.make_engine(url)
    try:
        models.Base.metadata.drop_all(engine)
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        leftover = MetaData()
        leftover.reflect(engine)
        leftover.drop_all(engine)
        assert not inspect(engine).get_table_names(), "the test database still has tables"
    finally:
        engine.dispose()


def server_env(data_dir: Path, db_url: str | None = None, seed: bool = False) -> dict:
    """The environment for the CLI and the server: nothing of the caller's PARALELO_* settings leaks in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARALELO_")}
    env.update(
        PARALELO_DATA_DIR=str(data_dir),
        PARALELO_AUTH="on",
        PARALELO_RATELIMIT="0",
        PARALELO_SEED="1" if seed else "0",
        PARALELO_SECRET_KEY="test",
        PARALELO_ENGINE="apertium",
        PARALELO_JOB_STALE_SECONDS="5",  # a killed server's job is taken over within seconds
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        PYTHONUNBUFFERED="1",
    )
    if db_url:
        env["PARALELO_DATABASE_URL"] = db_url
    return env


def cli(env: dict, *args: str, stdin: str | None = None, timeout: float = 120) -> str:
    """Run `python -m app.cli ARGS` with the server's environment; its output, or an AssertionError."""
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", *args], env=env, cwd=ROOT, input=stdin,
        capture_output=True, text=True, timeout=timeout,
    )
    assert proc.returncode == 0, f"paralelo {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}"
    return proc.stdout


def create_editor(env: dict, name: str = EDITOR) -> str:
    """Create an editor account and an API token for it through the CLI; the raw token."""
    cli(env, "users", "create", name, "--role", "editor", "--password-stdin", stdin=PASSWORD + "\n")
    found = re.search(r"(plo_\S+)", cli(env, "tokens", "create", name))
    assert found, "`paralelo tokens create` printed no token"
    return found.group(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def launch(env: dict, log: Path, timeout: float = 60, cwd: Path = ROOT) -> tuple[str, subprocess.Popen]:
    """Start waitress serving app:create_app (of the checkout `cwd`) on a free port; (base_url, process)
    once it answers."""
    for _attempt in range(3):  # another process may take the free port before waitress binds it
        port = free_port()
        offset = log.stat().st_size if log.exists() else 0
        with open(log, "ab") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "waitress", "--host", HOST, "--port", str(port), "--threads", "8",
                 "--call", "app:create_app"],
                env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            )
        base_url = f"http://{HOST}:{port}"
        try:
            if wait_ready(base_url, process, timeout):
                return base_url, process
        except BaseException:
            stop(process)
            raise
        if "address already in use" not in log.read_bytes()[offset:].decode(errors="replace").lower():
            break
    raise AssertionError(f"the server did not start (exit {process.returncode}):\n{log_tail(log)}")


def wait_ready(base_url: str, process: subprocess.Popen, timeout: float) -> bool:
    """Poll GET /api/engines until it answers 200; False if the process exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        probe = Client(base_url, timeout=2)
        try:
            if probe.request("GET", "/api/engines")[0] == 200:
                return True
        except OSError:
            pass
        finally:
            probe.close()
        time.sleep(0.1)
    stop(process)
    raise AssertionError(f"the server did not answer within {timeout:.0f} s")


def stop(process: subprocess.Popen, kill: bool = False) -> None:
    """SIGKILL (kill=True, a crash) or SIGTERM the server, and reap it."""
    if process.poll() is None:
        process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def log_tail(log: Path, chars: int = 4000) -> str:
    try:
        return log.read_text(errors="replace")[-chars:]
    except FileNotFoundError:
        return ""


def start_server(tmp_path: Path, db_url: str | None = None, seed: bool = False) -> Server:
    """An editor with a token, then the server on the same data: a Server the caller must stop()."""
    data_dir = tmp_path / "data"
    env = server_env(data_dir, db_url, seed)
    token = create_editor(env)
    log = tmp_path / "server.log"
    base_url, process = launch(env, log)
    return Server(base_url, token, process, env, log)


def restart(server: Server) -> Server:
    """Start the server again on the same data (after stop() or a kill)."""
    base_url, process = launch(server.env, server.log)
    return server._replace(base_url=base_url, process=process)


@contextmanager
def running_server(tmp_path: Path, db_url: str | None = None, seed: bool = False):
    """start_server() as a context manager that always stops the process."""
    server = start_server(tmp_path, db_url, seed)
    try:
        yield server
    finally:
        stop(server.process)


class Client:
    """JSON over one keep-alive HTTP connection (one Client per thread), with a per-request timeout.

    A request is never retried: a write the server may have applied must not be sent twice.
    Transport errors raise; the caller records them.
    """

    def __init__(self, base_url: str, token: str | None = None, timeout: float = 30):
        self.base_url = base_url
        host, port = base_url.removeprefix("http://").split(":")
        self.host, self.port, self.timeout = host, int(port), timeout
        self.token = token
        self._conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict | None]:
        """(status, decoded JSON or None)."""
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            self._conn.request(method, path, body=payload, headers=headers)
            response = self._conn.getresponse()
            raw = response.read()
        except BaseException:
            self.close()
            raise
        if response.will_close:
            self.close()
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            data = {"raw": raw[:300].decode(errors="replace")}
        return response.status, data

    def write(self, method: str, path: str, body: dict | None = None, attempts: int = 4) -> tuple[int, dict | None]:
        """A write as a well-behaved client sends it: a 503 (busy, nothing applied) is sent again later."""
        for _ in range(attempts - 1):
            status, data = self.request(method, path, body)
            if status != 503:
                return status, data
            time.sleep(2)  # the server's Retry-After
        return self.request(method, path, body)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def wait_for(predicate, timeout: float, interval: float = 0.05, what: str = "condition"):
    """Call predicate() until it returns a truthy value (returned); AssertionError after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def wait_article(client: Client, article_id: int, timeout: float = 120) -> dict:
    """Poll GET /api/articles/<id> until it is ready with no pending job; the article.

    Pass an anonymous Client (readers need no account).
    """

    def ready():
        status, article = client.request("GET", f"/api/articles/{article_id}")
        assert status == 200, (status, article)
        if article["status"] == "failed":
            raise AssertionError(f"article {article_id} failed: {article['error']}")
        return article if article["status"] == "ready" and not article["pending_jobs"] else None

    return wait_for(ready, timeout, 0.1, f"article {article_id} to be translated")


def segment_history(client: Client, article_id: int, segment_id: int) -> tuple[int, dict]:
    """(status, history) of a segment; its version is the id of the current translation (0 for none)."""
    return client.request("GET", f"/api/articles/{article_id}/segments/{segment_id}/history")


def current_version(history: dict) -> int:
    """The segment version a history shows: the id of its current translation (0 for none)."""
    current = [t["id"] for t in history["translations"] if t["current"]]
    return current[-1] if current else 0


@contextmanager
def redis_server(folder: Path):
    """A throwaway redis-server on a free loopback port: yields (its URL, its process); stopped on exit."""
    import shutil

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no",
                                "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: redis_answers(port), 10, what="redis-server")
        yield f"redis://{HOST}:{port}", process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


def redis_answers(port: int) -> bool:
    """True if a Redis server answers PING on the loopback port."""
    try:
        with socket.create_connection((HOST, port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False
