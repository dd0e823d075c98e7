"""Hostile servers and addresses (issue 22 items 1, 2, 3, 13): every fetch ends in a page or a FetchError
with a reason, within its size limit and its deadline. Everything here stays on 127.0.0.1."""

from __future__ import annotations

import socket
import ssl
import threading
import time
import tracemalloc

import pytest

from app.intake.fetch import FetchError, FetchSettings, check_url, fetch, is_public, parse_url
from tests.support.page_server import TRICKLE_SECONDS, Handler, bomb, serve

TITLE = "Appeals court pauses deportation flights"


@pytest.fixture(scope="module")
def server():
    with serve() as url:
        yield url


@pytest.fixture
def local() -> FetchSettings:
    return FetchSettings(connect_timeout=2, total_timeout=3, max_bytes=1_000_000, allow_private=True,
                         user_agent="Paralelo/test")


# --- item 1: addresses and charsets that used to raise something other than a FetchError ----------


@pytest.mark.parametrize("url", [
    "http://93.184.215.14/news\u0001story", "http://127.0.0.1/a\x7fb", "http://127.0.0.1/a b", "http://[::1",
    "http://127.0.0.1:99999/", "http://%zz/", "http:foo", "http://127.0.0.1/\u2028", "http://exa\tmple.com/",
])
def test_an_unusable_address_is_a_fetch_error_before_any_connection(url):
    with pytest.raises(FetchError, match="is not valid"):
        parse_url(url)
    with pytest.raises(FetchError, match="is not valid"):
        check_url(url, allow_private=True)


def test_the_reason_shows_a_control_character_as_an_escape():
    with pytest.raises(FetchError) as caught:
        parse_url("http://93.184.215.14/news\u0001story")
    assert "news\\x01story" in str(caught.value)


def test_a_redirect_to_http_colon_foo_is_read_as_browsers_read_it(server, local):
    with pytest.raises(FetchError, match=f"404 Not Found for {server}/missing"):  # relative: ./missing
        fetch(server + "/redirect?to=http:missing", local)


@pytest.mark.parametrize("location", ["http://[::1", "http://127.0.0.1:99999/", "http://a%2501b/", "http://%25zz/"])
def test_a_redirect_to_an_unusable_address_is_a_fetch_error(server, local, location):
    with pytest.raises(FetchError, match="is not valid"):
        fetch(f"{server}/redirect?to={location}", local)


@pytest.mark.parametrize("label", ["base64", "rot13", "hex", "zlib", "undefined", "utf-7", "punycode", "x-bogus"])
@pytest.mark.parametrize("where", ["header", "meta"])
def test_a_charset_that_is_no_text_encoding_is_ignored_as_browsers_do(server, local, label, where):
    page = fetch(f"{server}/charset-{where}/{label}", local)
    assert TITLE in page.html and page.charset == "utf-8"


# --- item 2: compression bombs stop at the size limit, with memory bounded by it ----------------


@pytest.mark.parametrize("coding", ["gz", "br"])
def test_a_compression_bomb_stops_at_the_limit_without_expanding(server, local, coding):
    bomb({"gz": "gzip", "br": "br"}[coding])  # made before measuring
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="over the size limit of 1,000,000 bytes"):
            fetch(f"{server}/bomb.{coding}", local)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # the body (1 MB), one piece and the decompressor's buffers; not the 100 MB the bomb expands to
    assert peak < 12_000_000, f"{peak:,} bytes allocated while reading a {coding} bomb"


# --- item 3: one deadline for the whole fetch, headers and TLS handshake included ------------------


def test_headers_trickling_in_hit_the_total_deadline(server, local):
    local.total_timeout = 1  # each byte comes well within any per-read timeout
    assert TRICKLE_SECONDS > 3 * local.total_timeout
    with pytest.raises(FetchError, match="did not answer within 1 seconds"):
        fetch(server + "/trickle", local)
    # the fetch hung up in the middle of the headers, it did not wait for them to end
    assert Handler.trickled.get(timeout=TRICKLE_SECONDS + 10) == "client hung up"


def test_a_body_trickling_in_hits_the_total_deadline(server, local):
    local.total_timeout = 1  # the headers come at once, then a fortieth of the page every tenth of a second
    with pytest.raises(FetchError, match="did not answer within 1 seconds"):
        fetch(server + "/trickle-body", local)
    assert Handler.trickled.get(timeout=TRICKLE_SECONDS + 10) == "client hung up"


@pytest.fixture
def trickling_tls():
    """A TCP server on 127.0.0.1 that starts a TLS record and then sends it one byte at a time."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)
    stop = threading.Event()

    def serve_one() -> None:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            try:
                conn.recv(4096)  # the ClientHello
                conn.sendall(b"\x16\x03\x03\x40\x00")  # a 16 KiB handshake record follows...
                ends = time.monotonic() + TRICKLE_SECONDS
                while time.monotonic() < ends and not stop.is_set():
                    conn.sendall(b"\x00")  # ...a byte at a time
                    time.sleep(0.05)
            except OSError:  # the client hung up, as it should
                pass

    thread = threading.Thread(target=serve_one, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{listener.getsockname()[1]}/"
    stop.set()
    listener.close()
    thread.join(timeout=10)


def test_a_tls_handshake_trickling_in_hits_the_total_deadline(trickling_tls, local):
    local.total_timeout = 1
    local.verify = ssl.create_default_context()
    with pytest.raises(FetchError, match="did not answer within 1 seconds"):
        fetch(trickling_tls, local)


# --- item 13: addresses that lead to local ones ---------------------------------------------------


@pytest.mark.parametrize("address", [
    "2002:7f00:1::", "2002:a00:1::1", "fec0::1", "fed0::5", "::ffff:127.0.0.1", "64:ff9b::7f00:1",
    "64:ff9b:1::a00:1", "2001:0:4136:e378:8000:63bf:80ff:fffe", "::127.0.0.1",
])
def test_addresses_that_embed_or_are_local_ones_are_not_public(address):
    assert not is_public(address)


def test_6to4_of_a_public_address_is_public():
    assert is_public("2002:5db8:d70e::1")  # 93.184.215.14 inside


# --- a name lookup or a TCP connect that never answers ends at the deadline too --------------------


def test_a_name_lookup_that_hangs_ends_at_the_fetch_deadline(local, monkeypatch):
    local.total_timeout = 0.5
    released = threading.Event()

    def hanging_lookup(*args, **kwargs):
        released.wait(30)  # a resolver that does not answer
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", hanging_lookup)
    try:
        with pytest.raises(FetchError, match=r"Could not find the server news\.example within 0\.5 seconds"):
            fetch("https://news.example/story", local)
        assert not released.is_set()  # the fetch gave up while the lookup was still waiting
        with pytest.raises(FetchError, match=r"within 0\.2 seconds"):  # the check at submit time too
            check_url("https://news.example/story", timeout=0.2)
    finally:
        released.set()


def test_a_tcp_connect_that_is_never_answered_ends_at_the_fetch_deadline(local):
    local.total_timeout = 1
    with socket.socket() as silent:  # a listening socket whose backlog is full: the next SYN is dropped
        silent.bind(("127.0.0.1", 0))
        silent.listen(0)
        port = silent.getsockname()[1]
        queued = socket.create_connection(("127.0.0.1", port), timeout=2)
        try:
            with pytest.raises(FetchError, match="did not answer within 1 seconds"):
                fetch(f"http://127.0.0.1:{port}/", local)
        finally:
            queued.close()
