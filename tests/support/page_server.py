"""A local HTTP server (127.0.0.1 only) serving fixture pages, redirects, errors and slow or huge answers,
hostile ones included: bogus charsets, broken redirects, compression bombs, headers or a body that trickle in."""

from __future__ import annotations

import functools
import queue
import threading
import time
import zlib
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

from tests.support.paths import FIXTURES

PAGES = FIXTURES / "pages"
LATIN1_PAGE = (
    "<!DOCTYPE html><html><head><meta charset=\"windows-1252\"><title>Año nuevo</title></head>"
    "<body><p>Se\u00f1ora Pe\u00f1a said the caf\u00e9 \u2019s prices rose \u2013 again.</p></body></html>"
).encode("cp1252")


TRICKLE_SECONDS = 4.0  # how long /trickle takes to send its headers a byte at a time (/trickle-body: its body)
BOMB_BYTES = 100_000_000  # what a bomb expands to


@functools.cache
def bomb(coding: str) -> bytes:
    """BOMB_BYTES of zeros, compressed as one gzip member or one brotli stream (about 100 KB and 20 KB)."""
    zeros = bytes(10_000_000)
    if coding == "br":
        import brotli

        compressor = brotli.Compressor(quality=1)
        return b"".join(compressor.process(zeros) for _ in range(BOMB_BYTES // len(zeros))) + compressor.finish()
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    return b"".join(compressor.compress(zeros) for _ in range(BOMB_BYTES // len(zeros))) + compressor.flush()


def with_meta_charset(label: str) -> bytes:
    """The wire-service page declaring another charset in its <meta> (its bytes stay UTF-8)."""
    return (PAGES / "wire_service.html").read_bytes().replace(b'<meta charset="utf-8">',
                                                              f'<meta charset="{label}">'.encode())


class Handler(BaseHTTPRequestHandler):
    """Routes for the tests: pages, redirects, errors, a PDF, a slow and an oversize answer."""

    seen_hosts: list[str] = []
    trickled: queue.Queue[str] = queue.Queue()  # how each /trickle answer ended

    def log_message(self, *args):  # keep the test output quiet
        pass

    def send(self, status: int, body: bytes, ctype: str | None = "text/html; charset=utf-8", **headers):
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()
        self.wfile.write(body)

    def trickle(self, body_too: bool = False):
        """A whole page whose status line and headers (or, body_too, its headers at once and then its body)
        arrive a piece at a time over TRICKLE_SECONDS; `trickled` holds whether the client stayed for all
        of them ("headers sent") or hung up first."""
        body = (PAGES / "wire_service.html").read_bytes()
        head = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n"
                f"X-Padding: {'x' * 40}\r\n\r\n").encode()
        slow, size = (body, len(body) // 40 + 1) if body_too else (head, 1)
        outcome = "headers sent"
        try:
            if body_too:
                self.wfile.write(head)
            for start in range(0, len(slow), size):
                self.wfile.write(slow[start:start + size])
                self.wfile.flush()
                time.sleep(TRICKLE_SECONDS * size / len(slow))
            if not body_too:
                self.wfile.write(body)
        except OSError:  # the client gave up, as it should
            outcome = "client hung up"
        finally:
            self.close_connection = True
            Handler.trickled.put(outcome)

    def do_GET(self):  # noqa: N802 (http.server's name)
        Handler.seen_hosts.append(self.headers.get("Host", ""))
        path = self.path
        if path == "/article":
            self.send(200, (PAGES / "wire_service.html").read_bytes())
        elif path.startswith("/hop/"):
            n = int(path.rsplit("/", 1)[1])
            if n == 0:
                self.send(200, (PAGES / "wire_service.html").read_bytes())
            else:
                self.send(302, b"", None, Location=f"/hop/{n - 1}")
        elif path == "/latin1-header-utf8":
            self.send(200, LATIN1_PAGE, "text/html; charset=utf-8")
        elif path == "/latin1-no-charset":
            self.send(200, LATIN1_PAGE, "text/html")
        elif path == "/missing":
            self.send(404, b"<html><body>Not found</body></html>")
        elif path == "/broken":
            self.send(503, b"")
        elif path == "/report.pdf":
            self.send(200, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "application/pdf")
        elif path == "/slow":
            time.sleep(1.5)
            try:
                self.send(200, b"<html><body><p>late</p></body></html>")
            except OSError:  # the client gave up, as it should
                pass
        elif path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no Content-Length: the cap must stop the stream itself
            chunk = b"<p>" + b"x" * 8190 + b"</p>"
            try:
                for _ in range(200):
                    self.wfile.write(chunk)
            except OSError:  # the client hung up at the cap, as it should
                pass
        elif path.startswith("/pages/"):
            self.send(200, (PAGES / path.removeprefix("/pages/")).read_bytes())
        elif path == "/to-private":
            self.send(302, b"", None, Location="http://10.0.0.1/admin")
        elif path.startswith("/charset-header/"):  # the page is UTF-8 whatever the header says
            self.send(200, (PAGES / "wire_service.html").read_bytes(), f"text/html; charset={path[16:]}")
        elif path.startswith("/charset-meta/"):
            self.send(200, with_meta_charset(path[14:]), "text/html")
        elif path.startswith("/redirect?to="):  # Location: the query's value, percent-decoded
            self.send(302, b"", None, Location=unquote(path[13:]))
        elif path.startswith("/bomb."):
            coding = {"gz": "gzip", "br": "br"}[path[6:]]
            self.send(200, bomb(coding), "text/html", Content_Encoding=coding)
        elif path == "/trickle":
            self.trickle()
        elif path == "/trickle-body":
            self.trickle(body_too=True)
        else:
            self.send(404, b"")


@contextmanager
def serve(tls_context=None):
    """Serve Handler on 127.0.0.1 on a free port (over TLS with a server context); yields the base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    if tls_context is not None:
        httpd.socket = tls_context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


