"""Fetch a web page for import, safely: http(s) only, public addresses only, bounded in time and size.

Every hop (the first request and each redirect, at most MAX_REDIRECTS) is parsed strictly, resolved
with getaddrinfo and refused if any address it resolves to is loopback, private, link-local,
site-local, multicast, reserved or unspecified, or embeds such an IPv4 address (IPv4-mapped, 6to4,
Teredo, NAT64), unless allow_private. The request then goes to the address that was checked, not to
the name: the URL's host is replaced by that IP, the Host header carries the name and, for https,
the TLS server name (SNI) and certificate check use the name too. A DNS answer that changes between
the check and the connection (DNS rebinding) cannot redirect the request to an internal address.

The whole fetch (name lookups, connect, TLS, headers, body, redirects) ends at one deadline
(app.intake.deadline),
and the body is decompressed here a bounded piece at a time (app.intake.content_coding), counted
as it is produced: neither a trickling server nor a compression bomb gets past the limits. Any
failure is a FetchError with a reason a person can read. No Flask here.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import ssl
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from app.config import DEFAULTS
from app.core.messages import N_, UserError

from .charset import decode_html
from .content_coding import ACCEPT_ENCODING, decoded

if TYPE_CHECKING:  # httpx and httpcore load with the first fetch: create_app and the CLI don't pay for them
    import httpcore
    import httpx

    from .deadline import Deadline

MAX_REDIRECTS = 5
RESOLVE_TIMEOUT = 5.0  # seconds a name lookup may take when an address is checked at submit time
HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECTS = {301, 302, 303, 307, 308}
_HOST = re.compile(r"[A-Za-z0-9._-]+|[0-9A-Fa-f:.]+")  # a name (IDNA-encoded), an IPv4 or an IPv6 address
_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)
# NAT64 prefixes (RFC 6052, RFC 8215): the IPv4 address is the last 32 bits
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))

Progress = Callable[[int, int | None], None]


class FetchError(UserError):
    """The page could not be fetched; the message says why."""


@dataclass
class FetchSettings:
    """The limits of one page fetch; the defaults are the configuration's (app.config.DEFAULTS)."""

    connect_timeout: float = DEFAULTS["FETCH_CONNECT_TIMEOUT"]
    total_timeout: float = DEFAULTS["FETCH_TIMEOUT"]
    max_bytes: int = DEFAULTS["FETCH_MAX_BYTES"]
    max_redirects: int = MAX_REDIRECTS
    allow_private: bool = DEFAULTS["FETCH_ALLOW_PRIVATE"]
    user_agent: str = DEFAULTS["FETCH_USER_AGENT"]
    verify: ssl.SSLContext | bool = True  # certificate checks (tests pass a context trusting their own CA)

    @classmethod
    def from_config(cls, config: Mapping) -> FetchSettings:
        """The FETCH_* settings of the app's configuration."""
        return cls(
            connect_timeout=float(config["FETCH_CONNECT_TIMEOUT"]),
            total_timeout=float(config["FETCH_TIMEOUT"]),
            max_bytes=int(config["FETCH_MAX_BYTES"]),
            allow_private=bool(config["FETCH_ALLOW_PRIVATE"]),
            user_agent=str(config["FETCH_USER_AGENT"]),
        )


@dataclass
class FetchedPage:
    url: str  # where the page was found, after redirects
    html: str
    charset: str


def fetch(url: str, settings: FetchSettings, progress: Progress | None = None) -> FetchedPage:
    """Fetch an HTML page, following at most settings.max_redirects redirects, each one checked."""
    import httpcore
    import httpx

    from .deadline import Deadline

    # what a broken connection raises below the HTTP layer (httpcore's errors share no base class)
    network = (httpcore.NetworkError, httpcore.TimeoutException, httpcore.ProtocolError,
               httpcore.UnsupportedProtocol, ssl.SSLError, OSError)
    context = httpx.create_ssl_context(verify=settings.verify, trust_env=False)
    with Deadline(settings.total_timeout) as deadline, httpcore.ConnectionPool(
        ssl_context=context, network_backend=deadline, retries=0,
    ) as pool:
        for hop in range(settings.max_redirects + 1):
            try:
                host, addresses = check_url(url, settings.allow_private, deadline.cap(None))
            except FetchError:
                if deadline.passed:  # the name lookup took the rest of the fetch's time
                    raise FetchError(N_("Could not find the server %(host)s within %(seconds)s seconds."),
                                     host=parse_url(url).host, seconds=f"{settings.total_timeout:g}") from None
                raise
            try:
                response = _send(pool, url, host, addresses, settings, deadline)
                try:
                    location = _header(response, "location")
                    if response.status not in REDIRECTS or not location:
                        return _read_page(response, url, host, settings, deadline, progress)
                finally:
                    response.close()
            except network:
                raise _broken(host, settings, deadline) from None
            if hop == settings.max_redirects:
                raise FetchError(N_("The address redirects more than %(limit)s times."), limit=settings.max_redirects)
            url = follow(url, location)
    raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover


def follow(url: str, location: str) -> str:
    """The address a redirect's Location leads to (checked again by the next hop)."""
    try:
        return urljoin(url, location.strip())
    except ValueError:
        raise FetchError(N_("The address %(url)s is not valid."), url=shown(location)) from None


def _send(pool: httpcore.ConnectionPool, url: str, host: str, addresses: list[str], settings: FetchSettings,
          deadline: Deadline) -> httpcore.Response:
    """Send the request to the checked addresses in turn (IPv6 then IPv4, say) until one connects."""
    import httpcore

    for address in addresses:
        try:
            return pool.handle_request(_pinned_request(url, host, address, settings))
        except (httpcore.ConnectError, httpcore.ConnectTimeout):
            if deadline.passed:
                break
            continue  # refused, unreachable or silent: the next address, as browsers do
    raise _broken(host, settings, deadline)


def _broken(host: str, settings: FetchSettings, deadline: Deadline) -> FetchError:
    """The error for a connection that failed: the deadline, or the server."""
    if deadline.passed:
        return FetchError(N_("%(host)s did not answer within %(seconds)s seconds."),
                          host=host, seconds=f"{settings.total_timeout:g}")
    return FetchError(N_("Could not connect to %(host)s."), host=host)


def parse_url(url: str) -> httpx.URL:
    """An http(s) URL parsed strictly (no control characters or spaces, a real host and port); FetchError if not."""
    import httpx

    invalid = FetchError(N_("The address %(url)s is not valid."), url=shown(url))
    if any(c.isspace() or not c.isprintable() for c in url):  # control characters, spaces, line breaks
        raise invalid
    try:
        scheme = urlsplit(url).scheme.lower()
        urlsplit(url).port  # noqa: B018  (a port out of range raises here)
        parsed = httpx.URL(url)
    except (ValueError, UnicodeError, httpx.InvalidURL):
        raise invalid from None
    if scheme not in ("http", "https") or parsed.scheme not in ("http", "https"):
        raise FetchError(N_("Only http and https addresses can be imported."))
    host = parsed.raw_host.decode("ascii", "replace")
    if not host or not _HOST.fullmatch(host):
        raise invalid
    return parsed


def shown(url: str) -> str:
    """An address as a message may show it: cut short, control characters written as escapes."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in url[:200])


def check_url(url: str, allow_private: bool = False, timeout: float = RESOLVE_TIMEOUT) -> tuple[str, list[str]]:
    """(host, the addresses it resolves to) for an http(s) URL whose every address may be fetched; the
    name lookup may take `timeout` seconds."""
    parsed = parse_url(url)
    host = parsed.raw_host.decode("ascii")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    infos = resolve(host, port, timeout, parsed.host)
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(N_("Could not find the server %(host)s."), host=parsed.host)
    if not allow_private:
        for address in addresses:
            if not is_public(address):
                raise FetchError(
                    N_("Paralelo does not fetch pages from local or private network addresses "
                       "(%(host)s is %(address)s); an admin can allow them with PARALELO_FETCH_ALLOW_PRIVATE=1."),
                    host=parsed.host, address=address,
                )
    return host, addresses


def resolve(host: str, port: int, timeout: float, shown_host: str) -> list[tuple]:
    """getaddrinfo's answer for host, given up after `timeout` seconds: the system's resolver has its own,
    longer timeouts and cannot be interrupted, so a slow lookup ends in a daemon thread, its answer dropped."""
    answer: list = []

    def lookup() -> None:
        try:
            answer.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except (socket.gaierror, UnicodeError, OSError):
            answer.append(None)

    thread = threading.Thread(target=lookup, name=f"resolve {host}", daemon=True)
    thread.start()
    thread.join(timeout)
    if not answer:
        raise FetchError(N_("Could not find the server %(host)s within %(seconds)s seconds."),
                         host=shown_host, seconds=f"{timeout:.3g}")
    if answer[0] is None:
        raise FetchError(N_("Could not find the server %(host)s."), host=shown_host)
    return answer[0]


def is_public(address: str) -> bool:
    """False for loopback, private, link-local, site-local, multicast, reserved and unspecified addresses,
    and for IPv6 addresses that carry such an IPv4 address inside them."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return all(_public(part) for part in (ip, *_embedded(ip)))


def _public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    site_local = isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local
    return not (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast or site_local
                or ip.is_reserved or ip.is_unspecified or not ip.is_global)


def _embedded(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> Iterator[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address leads to: mapped, 6to4, Teredo (server and client), NAT64."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return
    if ip.ipv4_mapped:
        yield ip.ipv4_mapped
    if ip.sixtofour:
        yield ip.sixtofour
    if ip.teredo:
        yield from ip.teredo
    if any(ip in net for net in _NAT64):
        yield ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)


def _pinned_request(url: str, host: str, address: str, settings: FetchSettings) -> httpcore.Request:
    """A request to the checked address, carrying the name in Host and (https) in the TLS server name."""
    import httpcore
    import httpx

    target = httpx.URL(url)
    extensions: dict = {"timeout": {"connect": settings.connect_timeout, "read": settings.total_timeout,
                                    "write": settings.total_timeout, "pool": settings.total_timeout}}
    if target.scheme == "https":
        extensions["sni_hostname"] = host
    return httpcore.Request(
        "GET",
        httpcore.URL(scheme=target.raw_scheme, host=address.encode("ascii"), port=target.port,
                     target=target.raw_path),
        headers=[(b"Host", target.netloc), (b"User-Agent", settings.user_agent.encode("ascii", "replace")),
                 (b"Accept", b"text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"),
                 (b"Accept-Encoding", ACCEPT_ENCODING.encode("ascii"))],
        extensions=extensions,
    )


def _header(response: httpcore.Response, name: str) -> str:
    wanted = name.encode("ascii")
    for key, value in response.headers:
        if key.lower() == wanted:
            return value.decode("latin-1").strip()
    return ""


def _read_page(
    response: httpcore.Response, url: str, host: str, settings: FetchSettings, deadline: Deadline,
    progress: Progress | None,
) -> FetchedPage:
    import httpcore

    if response.status != 200:  # 4xx, 5xx, and any other answer that carries no page
        reason = response.extensions.get("reason_phrase", b"").decode("latin-1", "replace")[:100]
        raise FetchError(N_("The server answered %(status)s %(reason)s for %(url)s."),
                         status=response.status, reason=reason, url=url)
    content_type = _header(response, "content-type")
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime and mime not in HTML_TYPES:
        raise FetchError(N_("The address is not a web page (it is %(type)s); Paralelo imports HTML pages."),
                         type=mime[:100])
    declared = _header(response, "content-length")
    if declared.isdigit() and int(declared) > settings.max_bytes:
        raise _too_big(settings.max_bytes)
    expected = int(declared) if declared.isdigit() else None
    received = 0

    def raw() -> Iterator[bytes]:
        nonlocal received
        for chunk in response.iter_stream():
            received += len(chunk)
            if received > settings.max_bytes:
                raise _too_big(settings.max_bytes)
            if deadline.passed:
                raise httpcore.ReadTimeout("the fetch's deadline passed")
            if progress:
                progress(received, expected)
            yield chunk

    body = bytearray()
    for piece in decoded(raw(), _header(response, "content-encoding")):
        body += piece  # counted as it is decompressed: a bomb stops at the limit
        if len(body) > settings.max_bytes:
            raise _too_big(settings.max_bytes)
    data = bytes(body)
    if not mime and not re.search(rb"<(!doctype html|html|body)[\s>]", data[:4096], re.IGNORECASE):
        raise FetchError(N_("The address did not return a web page; Paralelo imports HTML pages."))
    charset = _CHARSET.search(content_type)
    html, used = decode_html(data, charset.group(1) if charset else None)
    return FetchedPage(url=url, html=html, charset=used)


def _too_big(limit: int) -> FetchError:
    return FetchError(N_("The page is over the size limit of %(limit)s bytes."), limit=f"{limit:,}")
