"""Hostile pages against a running server: peak memory while compression bombs are fetched, and how long
a server trickling its headers can hold a fetch job (issue 22 items 2 and 3).

    python3 bench/fetch_limits.py                       # 1 GB bombs, headers one byte every 3 s
    python3 bench/fetch_limits.py --bomb-mb 200 --every 1
    python3 bench/fetch_limits.py --root ../other-checkout --trickle-cap 120   # the same against other code

A hostile HTTP server runs here on 127.0.0.1: /bomb.br and /bomb.gz (zeros compressed as one brotli
stream and one gzip member, with Content-Encoding), /trickle (a status line and headers sent one byte
every --every seconds, for at most --trickle-cap seconds, then the page). For each case a fresh Paralelo
server (waitress, `app:create_app`, its own data folder, local mode, FETCH_ALLOW_PRIVATE=1, every other
setting at its default: FETCH_MAX_BYTES 5,000,000, FETCH_TIMEOUT 20 s) imports the URL through
POST /api/articles; the script polls the article until it is failed or ready and reads the server's
peak resident memory (VmHWM in /proc/<pid>/status) before and after. Everything stays on 127.0.0.1,
each case is bounded by --case-timeout, and every process started here is stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.page_server import PAGES  # noqa: E402
from tests.support.servers import Client, launch, server_env, stop  # noqa: E402

BOMBS: dict[str, bytes] = {}
SETTINGS = {"every": 3.0, "cap": 1800.0}


def make_bombs(megabytes: int) -> None:
    """Zeros compressed as one brotli stream and one gzip member (made once, in memory)."""
    import brotli

    zeros = bytes(10_000_000)
    rounds = max(1, megabytes * 1_000_000 // len(zeros))
    br = brotli.Compressor(quality=5)
    BOMBS["br"] = b"".join(br.process(zeros) for _ in range(rounds)) + br.finish()
    gz = zlib.compressobj(9, zlib.DEFLATED, 31)
    BOMBS["gzip"] = b"".join(gz.compress(zeros) for _ in range(rounds)) + gz.flush()


class Hostile(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path in ("/bomb.br", "/bomb.gz"):
            coding = "br" if self.path.endswith("br") else "gzip"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", coding)
            self.send_header("Content-Length", str(len(BOMBS[coding])))
            self.end_headers()
            self._write(BOMBS[coding])
        elif self.path == "/trickle":
            body = (PAGES / "wire_service.html").read_bytes()
            head = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n"
                    f"X-Padding: {'x' * 2000}\r\n\r\n").encode()
            ends = time.monotonic() + SETTINGS["cap"]
            for byte in head:
                if time.monotonic() > ends or not self._write(bytes([byte])):
                    return
                time.sleep(SETTINGS["every"])
            self._write(body)
        else:
            self.send_response(404)
            self.end_headers()

    def _write(self, data: bytes) -> bool:
        try:
            self.wfile.write(data)
            self.wfile.flush()
            return True
        except OSError:  # the client hung up
            return False


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_case(url: str, root: Path, timeout: float) -> dict:
    """A fresh server imports `url`; its peak memory before and after, the outcome and how long it took."""
    with tempfile.TemporaryDirectory(prefix="paralelo-fetch-bench-") as tmp:
        env = server_env(Path(tmp) / "data")
        env.update(PARALELO_AUTH="off", PARALELO_FETCH_ALLOW_PRIVATE="1",
                   PYTHONPATH=os.pathsep.join([str(root), str(ROOT)]))
        log = Path(tmp) / "server.log"
        base, process = launch(env, log, cwd=root)
        try:
            client = Client(base, timeout=30)
            warm = client.request("POST", "/api/articles", {"title": "Warm up", "text": "A short article. It loads."})
            assert warm[0] == 202, warm
            while client.request("GET", f"/api/articles/{warm[1]['id']}")[1]["status"] not in ("ready", "failed"):
                time.sleep(0.2)  # the first translation loads what every later one uses
            before = peak_rss_mb(process.pid)
            started = time.monotonic()
            status, data = client.request("POST", "/api/articles", {"url": url})
            if status != 202:
                return {"before": before, "peak": peak_rss_mb(process.pid), "outcome": f"{status} {data}",
                        "seconds": time.monotonic() - started}
            outcome = "still running at the case timeout"
            while time.monotonic() - started < timeout:
                article = client.request("GET", f"/api/articles/{data['id']}")[1]
                if article["status"] in ("failed", "ready"):
                    outcome = f"{article['status']}: {article['error'] or ''}"
                    break
                time.sleep(0.2)
            return {"before": before, "peak": peak_rss_mb(process.pid), "outcome": outcome,
                    "seconds": time.monotonic() - started}
        finally:
            stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bomb-mb", type=int, default=1000, help="what each bomb expands to (default 1000)")
    parser.add_argument("--every", type=float, default=3.0, help="seconds between trickled header bytes")
    parser.add_argument("--trickle-cap", type=float, default=300.0, help="the trickling server gives up after this")
    parser.add_argument("--case-timeout", type=float, default=600.0, help="the longest one case may run")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose app is served")
    args = parser.parse_args()
    SETTINGS.update(every=args.every, cap=args.trickle_cap)
    made = time.monotonic()
    make_bombs(args.bomb_mb)
    print(f"bombs of {args.bomb_mb:,} MB: br {len(BOMBS['br']):,} bytes, gzip {len(BOMBS['gzip']):,} bytes "
          f"({time.monotonic() - made:.1f} s to make); serving {args.root}")
    hostile = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    hostile.daemon_threads = True
    threading.Thread(target=hostile.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{hostile.server_address[1]}"
    try:
        print("| case | peak RSS before (MB) | peak RSS after (MB) | job outcome | POST to outcome (s) |")
        print("|---|---:|---:|---|---:|")
        for name, path in (("brotli bomb", "/bomb.br"), ("gzip bomb", "/bomb.gz"),
                           (f"headers trickled, 1 byte / {args.every:g} s", "/trickle")):
            row = run_case(base + path, args.root, args.case_timeout)
            print(f"| {name} | {row['before']:.0f} | {row['peak']:.0f} | {row['outcome'][:90]} "
                  f"| {row['seconds']:.1f} |", flush=True)
    finally:
        hostile.shutdown()
        hostile.server_close()


if __name__ == "__main__":
    main()
