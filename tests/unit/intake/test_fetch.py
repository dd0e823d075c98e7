"""Fetching pages: redirects, charsets, errors, size and time limits, SSRF refusals (127.0.0.1 only)."""

from __future__ import annotations

import socket
import time

import pytest

from app.intake.fetch import FetchError, FetchSettings, check_url, decode_html, fetch, is_public
from tests.support.page_server import Handler, serve


@pytest.fixture(scope="module")
def server():
    with serve() as url:
        yield url


@pytest.fixture
def local() -> FetchSettings:
    """Settings that allow 127.0.0.1 (as PARALELO_FETCH_ALLOW_PRIVATE=1 does), with short limits."""
    return FetchSettings(connect_timeout=2, total_timeout=3, max_bytes=200_000, allow_private=True,
                         user_agent="Paralelo/test")


def test_fetches_a_page(server, local):
    page = fetch(server + "/article", local)
    assert "Appeals court pauses deportation flights" in page.html
    assert page.url == server + "/article"
    assert page.charset == "utf-8"


def test_sends_the_host_name_not_the_pinned_address(server, local):
    port = server.rsplit(":", 1)[1]
    Handler.seen_hosts.clear()
    fetch(f"http://localhost:{port}/article", local)
    assert Handler.seen_hosts == [f"localhost:{port}"]


def test_follows_three_redirects(server, local):
    page = fetch(server + "/hop/3", local)
    assert page.url == server + "/hop/0"
    assert "Meridian Wire" in page.html


def test_refuses_six_redirects(server, local):
    with pytest.raises(FetchError, match="redirects more than 5 times"):
        fetch(server + "/hop/6", local)


@pytest.mark.parametrize("path", ["/latin1-header-utf8", "/latin1-no-charset"])
def test_wrong_or_missing_charset_header_falls_back_to_meta(server, local, path):
    page = fetch(server + path, local)
    assert "Señora Peña said the café ’s prices rose – again." in page.html
    assert page.charset == "cp1252"


def test_http_errors_say_the_status(server, local):
    with pytest.raises(FetchError, match="404 Not Found"):
        fetch(server + "/missing", local)
    with pytest.raises(FetchError, match="503"):
        fetch(server + "/broken", local)


def test_pdf_is_refused(server, local):
    with pytest.raises(FetchError, match="not a web page .*application/pdf"):
        fetch(server + "/report.pdf", local)


def test_slow_server_times_out(server, local):
    local.total_timeout = 0.5
    started = time.monotonic()
    with pytest.raises(FetchError, match="did not answer within 0.5 seconds"):
        fetch(server + "/slow", local)
    assert time.monotonic() - started < 1.4


def test_oversize_page_is_refused_while_streaming(server, local):
    with pytest.raises(FetchError, match="over the size limit of 200,000 bytes"):
        fetch(server + "/huge", local)


def test_unreachable_host(local):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match="Could not connect to 127.0.0.1"):
        fetch(f"http://127.0.0.1:{port}/", local)


def test_unknown_host(local, monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(FetchError, match="Could not find the server news.invalid"):
        fetch("https://news.invalid/story", local)


# --- SSRF: nothing below connects anywhere ---------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/", "http://[::1]/", "http://10.1.2.3/", "http://192.168.0.10/", "http://172.16.5.4/",
        "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "http://224.0.0.1/", "http://0.0.0.0/",
        "http://240.0.0.1/", "http://[::ffff:127.0.0.1]/", "http://100.64.0.1/",
    ],
)
def test_refuses_local_and_private_addresses(url):
    with pytest.raises(FetchError, match="local or private network"):
        check_url(url)


def test_refuses_a_name_that_resolves_to_loopback():
    with pytest.raises(FetchError, match=r"localhost is 127\.0\.0\.1|localhost is ::1"):
        check_url("http://localhost:8080/")


def test_refuses_a_redirect_to_a_private_address(server):
    # The first hop (127.0.0.1) is allowed only by this stub: the check must run again on the redirect.
    import app.intake.fetch as fetch_module

    real = fetch_module.is_public
    try:
        fetch_module.is_public = lambda address: address == "127.0.0.1" or real(address)
        with pytest.raises(FetchError, match="10.0.0.1"):
            fetch(server + "/to-private", FetchSettings(total_timeout=3))
    finally:
        fetch_module.is_public = real


@pytest.mark.parametrize("url", ["ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)", "gopher://x/"])
def test_only_http_and_https(url):
    with pytest.raises(FetchError, match="Only http and https"):
        check_url(url)


def test_public_addresses_pass():
    assert is_public("93.184.216.34") and is_public("2606:4700::1111")
    assert not is_public("127.0.0.2") and not is_public("fd00::1")


def test_decode_html_prefers_bom_and_falls_back_to_detection():
    assert decode_html(b"\xef\xbb\xbf<p>caf\xc3\xa9</p>")[0] == "<p>café</p>"
    assert decode_html("<p>café</p>".encode(), "iso-8859-1")[0] == "<p>cafÃ©</p>"  # the header is believed
    text, _ = decode_html("<p>Niño, señor, corazón</p>".encode("cp1252"))
    assert "señor" in text


# --- https: the request goes to the checked address, TLS still checks the name ----------------------


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost"],
        check=True, capture_output=True, timeout=30,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with serve(context) as url:
        yield url.replace("http://", "https://"), ssl.create_default_context(cafile=str(cert))


def test_https_to_the_pinned_address_checks_the_certificate_against_the_name(tls_server):
    base, trust = tls_server
    port = base.rsplit(":", 1)[1]
    settings = FetchSettings(total_timeout=5, allow_private=True, verify=trust)
    page = fetch(f"https://localhost:{port}/article", settings)
    assert "Appeals court pauses deportation flights" in page.html
    with pytest.raises(FetchError, match="Could not connect"):  # the certificate does not name 127.0.0.1
        fetch(f"https://127.0.0.1:{port}/article", settings)
