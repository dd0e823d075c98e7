"""Scale-out measures: glossary-edit cost against archive size, workers, reader latency while translating.

    python -m bench.scale                 # 20 vs 2,000 articles, 1 vs 2 workers, 30 readers (several minutes)
    python -m bench.scale --quick         # 20 vs 200 articles, fewer jobs and requests: checks the script

1. Glossary edit latency: add an entry that occurs in no article, queue what it touches and commit
   (`glossary_edit.add` + `jobs.after_glossary_change`), median of 7, on archives of 20 and of 2,000
   articles. Side by side, the old way (`queue_retranslation` on main before this change: match every
   segment of the archive in Python) on the same databases.
2. Articles translated per minute by 1 and by 2 `paralelo worker` processes (Apertium), on SQLite.
3. Reader page p50/p95 under 30 concurrent readers while a long article translates: jobs in the web
   process (PARALELO_WORKERS=internal) vs in a separate worker (external).
Prints markdown tables; asserts nothing. Everything runs on 127.0.0.1 in a temporary folder.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app
from app.core.models import Article, Segment  # noqa: E402
from app.glossary import edit
from app.glossary import matcher as glossary
from app.translation import jobs  # noqa: E402
from app.translation.pipeline import engine_input  # noqa: E402
from tests.support.app import store_text

SEED = (ROOT / "app" / "data" / "cecot-article.txt").read_text("utf-8")
SMALL = "Article {n}\n\n" + " ".join(
    f"The federal judge number {{n}} heard the lawyer on case {i}, and the hearing went on." for i in range(12)
)


def make_app(folder: Path, **config):
    return create_app({"DATA_DIR": str(folder), "SEED_ON_START": False, "RUN_JOBS": False, "SECRET_KEY": "bench",
                       **config})


def fill(app, articles: int) -> int:
    """Import `articles` copies of the seed article (not translated); the number of segments."""
    sessions = app.extensions["paralelo.db"]
    with sessions() as session:
        have = session.scalar(select(func.count(Article.id))) or 0
        for n in range(have, articles):
            store_text(session, SEED.replace("MEGA-PRISON", f"MEGA-PRISON {n}"))
            if n % 50 == 49:
                session.commit()
        session.commit()
        return session.scalar(select(func.count(Segment.id)))


def old_scan(session, entries) -> dict[int, list[int]]:
    """What queue_retranslation did before the word index: every segment through the matcher."""
    matcher = glossary.Matcher(entries)
    found: dict[int, list[int]] = {}
    for seg in session.scalars(select(Segment)):
        if matcher.find(engine_input(seg.source)):
            found.setdefault(seg.article_id, []).append(seg.id)
    return found


def edit_latency(app, label: str, runs: int = 7) -> tuple[float, float]:
    """(median ms with the word index, median ms scanning every segment) for adding an unused entry."""
    sessions = app.extensions["paralelo.db"]
    new, old = [], []
    for i in range(runs):
        with sessions() as session:
            started = time.perf_counter()
            change = edit.add(session, {"source": f"zorbulax {label} {i}", "target": "zorbulax"})
            jobs.after_glossary_change(session, change.affected)
            session.commit()
            new.append(time.perf_counter() - started)
            started = time.perf_counter()
            old_scan(session, change.affected)
            old.append(time.perf_counter() - started)
    return statistics.median(new) * 1000, statistics.median(old) * 1000


def bench_edits(sizes: tuple[int, int]) -> None:
    print("\n### Glossary edit latency (median of 7 adds of an entry found in no article)\n")
    print("| articles | segments | with the word index (ms) | scanning every segment (ms) |")
    print("|---:|---:|---:|---:|")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(Path(tmp))
        for size in sizes:
            segments = fill(app, size)
            new, old = edit_latency(app, str(size))
            results.append((new, old))
            print(f"| {size:,} | {segments:,} | {new:.1f} | {old:.1f} |")
        app.extensions["paralelo.jobs"].shutdown()
    (small_new, small_old), (big_new, big_old) = results
    print(f"\nRatio {sizes[1]:,} / {sizes[0]:,} articles: word index **{big_new / small_new:.2f}x**, "
          f"scan {big_old / small_old:.1f}x.")


def env_for(folder: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARALELO_")}
    env.update(PARALELO_DATA_DIR=str(folder), PARALELO_SEED="0", PARALELO_SECRET_KEY="bench", PARALELO_AUTH="off",
               PARALELO_ENGINE="apertium", PARALELO_RATELIMIT="0", PYTHONPATH=str(ROOT), **extra)
    return env


def articles_per_minute(workers: int, count: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        app = make_app(folder)
        sessions = app.extensions["paralelo.db"]
        with sessions() as session:
            for n in range(count):
                jobs.enqueue_import(session, store_text(session, SMALL.format(n=n), engine="apertium"))
            session.commit()
        env = env_for(folder)
        started = time.monotonic()
        procs = [subprocess.Popen([sys.executable, "-m", "app.cli", "worker", "--poll", "0.2"], env=env,
                                  cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for _ in range(workers)]
        try:
            while True:
                with sessions() as session:
                    ready = session.scalar(select(func.count(Article.id)).where(Article.status == "ready"))
                if ready == count:
                    break
                time.sleep(0.2)
            elapsed = time.monotonic() - started
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(timeout=30)
        app.extensions["paralelo.jobs"].shutdown()
    return count / elapsed * 60


def bench_workers(count: int) -> None:
    print(f"\n### Articles translated per minute ({count} articles of 12 sentences, Apertium, SQLite)\n")
    print("| workers | articles/min |")
    print("|---:|---:|")
    rates = []
    for workers in (1, 2):
        rate = articles_per_minute(workers, count)
        rates.append(rate)
        print(f"| {workers} | {rate:.1f} |")
    print(f"\n2 workers / 1 worker: **{rates[1] / rates[0]:.2f}x** (2 cores; worker start-up included).")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(env: dict, log) -> tuple[str, subprocess.Popen]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "waitress", "--host", "127.0.0.1", "--port", str(port),
                             "--threads", "8", "--call", "app:create_app"], env=env, cwd=ROOT,
                            stdout=log, stderr=subprocess.STDOUT)
    for _ in range(300):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/engines")
            if conn.getresponse().status == 200:
                return f"127.0.0.1:{port}", proc
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def readers_latency(mode: str, readers: int, requests: int) -> tuple[float, float, int]:
    """(p50 ms, p95 ms, requests) of the seed article's reader page while a long article translates."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        app = make_app(folder)
        sessions = app.extensions["paralelo.db"]
        with sessions() as session:
            seed = store_text(session, SEED, engine="apertium")
            jobs.enqueue_import(session, seed)
            session.commit()
        jobs.run_queued(sessions, app.extensions["paralelo.engines"], app.extensions["paralelo.job_settings"])
        app.extensions["paralelo.jobs"].shutdown()
        env = env_for(folder, PARALELO_WORKERS=mode)
        log = open(folder / "server.log", "ab")  # noqa: SIM115 - closed below
        host, web = serve(env, log)
        worker = None
        if mode == "external":
            worker = subprocess.Popen([sys.executable, "-m", "app.cli", "worker", "--poll", "0.2"], env=env, cwd=ROOT,
                                      stdout=log, stderr=subprocess.STDOUT)
        long_text = "A long article\n\n" + "\n\n".join(SEED.split("\n\n")[3:] * 20)
        conn = http.client.HTTPConnection(host)
        conn.request("POST", "/api/articles", body=__import__("json").dumps({"text": long_text}),
                     headers={"Content-Type": "application/json"})
        assert conn.getresponse().status == 202
        times: list[float] = []
        lock = threading.Lock()

        def read() -> None:
            c = http.client.HTTPConnection(host, timeout=60)
            for _ in range(requests // readers):
                started = time.perf_counter()
                c.request("GET", f"/articles/{seed.slug}")
                c.getresponse().read()
                with lock:
                    times.append(time.perf_counter() - started)
            c.close()

        threads = [threading.Thread(target=read) for _ in range(readers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for proc in filter(None, (worker, web)):
            proc.terminate()
            proc.wait(timeout=30)
        log.close()
    times.sort()
    return times[len(times) // 2] * 1000, times[int(len(times) * 0.95)] * 1000, len(times)


def bench_readers(readers: int, requests: int) -> None:
    print(f"\n### Reader page under {readers} concurrent readers while a long article translates\n")
    print("| jobs run | p50 (ms) | p95 (ms) | requests |")
    print("|---|---:|---:|---:|")
    for mode, label in (("internal", "in the web process"), ("external", "in a `paralelo worker`")):
        p50, p95, n = readers_latency(mode, readers, requests)
        print(f"| {label} | {p50:.0f} | {p95:.0f} | {n} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print(f"Paralelo scale bench, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")
    bench_edits((20, 200) if args.quick else (20, 2000))
    bench_workers(6 if args.quick else 20)
    bench_readers(30, 300 if args.quick else 1500)


if __name__ == "__main__":
    main()
