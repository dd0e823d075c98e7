"""Reader page throughput: the cached reader against a bare Flask route returning the same bytes.

Every side is a waitress server in its own child process on 127.0.0.1 (same threads), loaded by the
same client (wrk when installed, else a threaded http.client loop) with the same connections and
duration; bare and reader take turns for --rounds rounds and the median of each is reported:

  bare      a Flask app whose one route returns the reader page's bytes (read from the real page)
  cached    Paralelo's reader for an anonymous reader, served from its page cache (through the fast
            path in front of Flask, app.web.fastpath, from the second request on)
  flask     the same with the fast path off (READER_FAST_PATH=0): every request goes through Flask
  uncached  the same with the page cache off (READER_CACHE_SIZE=0): every request renders
  304       the cached reader with If-None-Match (what a returning browser or proxy sends)
  gzip      the cached reader with Accept-Encoding: gzip (compressed on every request)

Then one uncached render of the article body is timed in this process (wall clock and this
thread's CPU time; the machine is shared, CPU time is the steadier number). The bundled article is
translated by Apertium first (apertium-eng-spa must be installed). Timings are printed, never asserted.

Run: python3 bench/serve.py [--seconds 5] [--rounds 3] [--connections 8] [--threads 4]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- child processes ------------------------------------------------------------------------------

def paralelo_app(data_dir: str, cache_size: int, fast_path: bool = True):
    """The app as an anonymous reader meets it (accounts on), the bundled article translated."""
    from app import create_app
    from app.translation.engines.apertium import ApertiumEngine

    engine = ApertiumEngine()
    if not engine.available():
        sys.exit("apertium-eng-spa is not installed")
    app = create_app({
        "DATA_DIR": data_dir, "SECRET_KEY": "bench", "AUTH": "on", "SEED_ON_START": True,
        "ENGINES": {"apertium": engine}, "RATELIMIT_ENABLED": False, "READER_CACHE_SIZE": cache_size,
        "READER_FAST_PATH": fast_path,
    })
    if not app.extensions["paralelo.jobs"].wait(120):
        sys.exit("the bundled article was not translated in time")
    return app


def bare_app(body_file: str):
    from flask import Flask

    body = Path(body_file).read_bytes()
    app = Flask("bare")

    @app.get("/page")
    def page():
        return body, 200, {"Content-Type": "text/html; charset=utf-8"}

    return app


def editor_token(app) -> str:
    """An API token for an editor, so the parent can import an article (to load the server while it translates)."""
    from app.accounts import users
    from app.web import db

    with db.sessions(app)() as session:
        user, _password = users.create_user(session, "bench-editor", "editor")
        _token, raw = users.create_token(session, user, "bench")
        session.commit()
    return raw


def child(args) -> None:
    import logging

    from waitress import serve

    logging.disable(logging.INFO)
    app = bare_app(args.body) if args.kind == "bare" else paralelo_app(args.data, args.cache_size, bool(args.fast_path))
    token = editor_token(app) if args.kind == "paralelo" and args.cache_size and args.fast_path else ""
    print("ready", token, flush=True)
    serve(app, host="127.0.0.1", port=args.port, threads=args.threads, _quiet=True)


# --- the client -------------------------------------------------------------------------------------

def start(kind: str, port: int, threads: int, **extra) -> subprocess.Popen:
    cmd = [sys.executable, __file__, "--child", kind, "--port", str(port), "--threads", str(threads)]
    for key, value in extra.items():
        cmd += [f"--{key.replace('_', '-')}", str(value)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline().split()
    if not line or line[0] != "ready":
        proc.kill()
        sys.exit(f"{kind} server did not start")
    proc.token = line[1] if len(line) > 1 else ""
    deadline = time.monotonic() + 30  # "ready" comes just before waitress binds the port
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.05)
    stop(proc)
    sys.exit(f"{kind} server is not listening on {port}")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers=headers or {})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, dict(resp.getheaders()), body


def post_json(port: int, path: str, body: dict, token: str) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("POST", path, body=json.dumps(body), headers={
        "Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    resp = conn.getresponse()
    data = json.loads(resp.read())
    conn.close()
    if resp.status != 202:
        sys.exit(f"import failed: {resp.status} {data}")
    return data


def wrk_p50(port: int, path: str, seconds: int, connections: int) -> float:
    """Median latency (ms) under wrk with this many connections."""
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", f"http://127.0.0.1:{port}{path}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    value, unit = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(port: int, path: str, seconds: int, connections: int, headers: dict) -> float:
    cmd = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s"]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    out = subprocess.run(cmd + [f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True).stdout
    if "Non-2xx or 3xx" in out:
        sys.exit(f"errors while loading {path}:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def python_client(port: int, path: str, seconds: int, connections: int, headers: dict) -> float:
    """A threaded keep-alive client, for machines without wrk."""
    done = [0] * connections
    deadline = time.monotonic() + seconds

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            conn.request("GET", path, headers=headers)
            resp = conn.getresponse()
            resp.read()
            if resp.status >= 400:
                raise RuntimeError(resp.status)
            done[i] += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.monotonic() - started)


def render_timing(data_dir: str, slug: str, runs: int = 30) -> tuple[float, float]:
    """(median wall ms, median CPU ms) of one uncached render of the reader's article body."""
    from flask import g

    from app import create_app
    from app.reader import cache
    from app.web import reader
    from app.web.db import get_session

    app = create_app({"DATA_DIR": data_dir, "SECRET_KEY": "bench", "AUTH": "on", "SEED_ON_START": False,
                      "RUN_JOBS": False, "ENGINES": {}})
    wall, cpu = [], []
    with app.test_request_context("/"):
        g.actor = None
        session = get_session()
        for _ in range(runs):
            session.expunge_all()  # nothing left loaded from the run before
            t0, c0 = time.perf_counter(), time.thread_time()
            revision = cache.article_revision(session, slug)
            reader.render_body(session, revision, "side")
            wall.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.thread_time() - c0) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5, help="length of each load run")
    parser.add_argument("--rounds", type=int, default=3, help="bare/reader turns (the median is reported)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=4, help="waitress threads, every server")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--body", help=argparse.SUPPRESS)
    parser.add_argument("--cache-size", type=int, default=64, help=argparse.SUPPRESS)
    parser.add_argument("--fast-path", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        args.kind = args.child
        child(args)
        return

    load = wrk if shutil.which("wrk") else python_client
    client = "wrk 4 (2 threads)" if load is wrk else "python http.client threads"
    runs: dict[str, list[float]] = {name: [] for name in ("bare", "cached", "flask", "304", "gzip")}
    p50 = None
    with tempfile.TemporaryDirectory(prefix="paralelo-serve-") as tmp:
        data = str(Path(tmp) / "data")
        port = free_port()
        server = start("paralelo", port, args.threads, data=data, cache_size=64)
        bare_port, flask_port = free_port(), free_port()
        bare = flask = None
        try:
            slug = re.search(r'href="(/articles/[^"]+)"', get(port, "/")[2].decode()).group(1)
            status, headers, body = get(port, slug)
            assert status == 200, status
            etag = {k.lower(): v for k, v in headers.items()}["etag"]
            body_file = Path(tmp) / "page.html"
            body_file.write_bytes(body)
            gz = len(get(port, slug, {"Accept-Encoding": "gzip"})[2])
            bare = start("bare", bare_port, args.threads, body=body_file)
            assert get(bare_port, "/page")[2] == body
            flask = start("paralelo", flask_port, args.threads, data=data, cache_size=64, fast_path=0)
            assert get(flask_port, slug)[2] == body
            # Bare and reader take turns, so a change in the shared machine's load hits both alike.
            for _ in range(args.rounds):
                runs["bare"].append(load(bare_port, "/page", args.seconds, args.connections, {}))
                runs["flask"].append(load(flask_port, slug, args.seconds, args.connections, {}))
                for name, extra in (("cached", {}), ("304", {"If-None-Match": etag}),
                                    ("gzip", {"Accept-Encoding": "gzip"})):
                    runs[name].append(load(port, slug, args.seconds, args.connections, extra))
            stop(flask)  # its job runner must not take the load test's translation below
            flask = None
            if load is wrk:  # the "30 concurrent readers", idle and while another article translates
                p50 = [wrk_p50(bare_port, "/page", args.seconds, 30), wrk_p50(port, slug, args.seconds, 30)]
                long_text = (ROOT / "app" / "data" / "cecot-article.txt").read_text("utf-8") * 4
                started = post_json(port, "/api/articles", {"title": "Load test", "text": long_text}, server.token)
                p50.append(wrk_p50(port, slug, args.seconds, 30))
                translating = get(port, f"/api/articles/{started['id']}")[2]
                p50.append(b'"status":"translating"' in translating.replace(b" ", b"")
                           or b'"pending_jobs":1' in translating.replace(b" ", b""))
        finally:
            stop(server)
            for proc in (bare, flask):
                if proc:
                    stop(proc)
        port = free_port()
        server = start("paralelo", port, args.threads, data=data, cache_size=0)
        try:
            runs["uncached"] = [load(port, slug, args.seconds, args.connections, {})]
        finally:
            stop(server)
        wall_ms, cpu_ms = render_timing(data, slug.rsplit("/", 1)[-1])
    rows = [(name, statistics.median(values)) for name, values in runs.items()]

    bare = rows[0][1]
    labels = {
        "bare": "bare Flask route, same bytes",
        "cached": "reader, cached (anonymous)",
        "flask": "reader, cached, through Flask (fast path off)",
        "304": "reader, If-None-Match (304)",
        "gzip": "reader, cached, gzip",
        "uncached": "reader, cache off (renders every time)",
    }
    print(f"\n{dt.date.today()} · {platform.machine()} · {os.cpu_count()} cores · load average "
          f"{os.getloadavg()[0]:.1f} · Python {platform.python_version()} · client {client}, "
          f"{args.connections} connections, {args.rounds} turns of {args.seconds} s (median) · waitress "
          f"{args.threads} threads")
    print(f"page {len(body):,} bytes ({gz:,} gzipped)\n")
    print("| run | requests/s | ratio to bare |")
    print("|---|---:|---:|")
    for name, rps in rows:
        print(f"| {labels[name]} | {rps:.0f} | {rps / bare:.2f} |")
    if p50:
        still = "still translating at the end" if p50[3] else "translation over before the end of the run"
        print(f"\nMedian latency with 30 connections: bare {p50[0]:.1f} ms, reader (cached) {p50[1]:.1f} ms; "
              f"reader while a four-times-longer article translates in the same process {p50[2]:.1f} ms ({still}).")
    print(f"\nOne uncached render of the article body: {wall_ms:.1f} ms wall, {cpu_ms:.1f} ms CPU (median of 30).")
    started = time.thread_time()
    sum(range(10**7))
    print(f"Machine speed check: sum(range(10**7)) took {(time.thread_time() - started) * 1000:.0f} ms CPU.")


if __name__ == "__main__":
    main()
