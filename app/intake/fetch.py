"""Fetch a web page for import, safely: http(s) only, public addresses only, bounded in time and size.

Every hop (the first request and each redirect, at most MAX_REDIRECTS) is resolved with getaddrinfo
and refused if any address it resolves to is loopback, private, link-local, multicast, reserved or
unspecified (unless allow_private). The request then goes to the address that was checked, not to
the name: the URL's host is replaced by that IP, the Host header carries the name and, for https,
the TLS server name (SNI) and certificate check use the name too (httpx's "sni_hostname" request
extension). A DNS answer that changes between the check and the connection (DNS rebinding) cannot
redirect the request to an internal address. No Flask here.
"""

from __future__ import annotations

import codecs
import ipaddress
import re
import socket
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from app.config import DEFAULTS
from app.core.messages import N_, UserError

MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# WHATWG: pages labelled latin-1 or ASCII are decoded as windows-1252, as browsers do.
_WINDOWS_1252 = {"iso8859-1", "latin-1", "ascii", "us-ascii", "iso-8859-1", "latin1"}

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
    deadline = time.monotonic() + settings.total_timeout
    timeout = httpx.Timeout(settings.total_timeout, connect=settings.connect_timeout)
    headers = {"User-Agent": settings.user_agent, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"}
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False, verify=settings.verify) as client:
        for hop in range(settings.max_redirects + 1):
            host, addresses = check_url(url, settings.allow_private)
            response = _send(client, url, host, addresses, headers, settings)
            try:
                if response.is_redirect:
                    location = response.headers.get("location", "")
                    if hop == settings.max_redirects:
                        raise FetchError(N_("The address redirects more than %(limit)s times."),
                                         limit=settings.max_redirects)
                    url = urljoin(url, location)
                    continue
                return _read_page(response, url, host, settings, deadline, progress)
            finally:
                response.close()
    raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover


def _send(client: httpx.Client, url: str, host: str, addresses: list[str], headers: dict,
          settings: FetchSettings) -> httpx.Response:
    """Send the request to the checked addresses in turn (IPv6 then IPv4, say) until one connects."""
    for address in addresses:
        try:
            return client.send(_pinned_request(client, url, host, address, headers), stream=True)
        except httpx.ConnectError:
            continue  # refused or unreachable: the next address, as browsers do
        except httpx.TimeoutException:
            raise FetchError(N_("%(host)s did not answer within %(seconds)s seconds."),
                             host=host, seconds=_seconds(settings.total_timeout)) from None
        except httpx.HTTPError:
            break
    raise FetchError(N_("Could not connect to %(host)s."), host=host)


def check_url(url: str, allow_private: bool = False) -> tuple[str, list[str]]:
    """(host, the addresses it resolves to) for an http(s) URL whose every address may be fetched."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchError(N_("The address %(url)s is not valid."), url=url) from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(N_("Only http and https addresses can be imported."))
    host = parts.hostname
    if not host:
        raise FetchError(N_("The address %(url)s is not valid."), url=url)
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(N_("Could not find the server %(host)s."), host=host) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(N_("Could not find the server %(host)s."), host=host)
    if not allow_private:
        for address in addresses:
            if not is_public(address):
                raise FetchError(
                    N_("Paralelo does not fetch pages from local or private network addresses "
                       "(%(host)s is %(address)s)."),
                    host=host, address=address,
                )
    return host, addresses


def is_public(address: str) -> bool:
    """False for loopback, private, link-local, multicast, reserved and unspecified addresses."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast
                or ip.is_reserved or ip.is_unspecified or not ip.is_global)


def _pinned_request(client: httpx.Client, url: str, host: str, address: str, headers: dict) -> httpx.Request:
    """A request to the checked address, carrying the name in Host and (https) in the TLS server name."""
    target = httpx.URL(url)
    return client.build_request(
        "GET", target.copy_with(host=address),
        headers={**headers, "Host": target.netloc.decode("ascii")},
        extensions={"sni_hostname": host} if target.scheme == "https" else {},
    )


def _read_page(
    response: httpx.Response, url: str, host: str, settings: FetchSettings, deadline: float,
    progress: Progress | None,
) -> FetchedPage:
    if response.status_code != 200:  # 4xx, 5xx, and any other answer that carries no page
        raise FetchError(N_("The server answered %(status)s %(reason)s for %(url)s."),
                         status=response.status_code, reason=response.reason_phrase, url=url)
    mime = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if mime and mime not in HTML_TYPES:
        raise FetchError(N_("The address is not a web page (it is %(type)s); Paralelo imports HTML pages."),
                         type=mime)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_bytes:
        raise _too_big(settings.max_bytes)
    expected = int(declared) if declared.isdigit() else None
    body = bytearray()
    try:
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > settings.max_bytes:
                raise _too_big(settings.max_bytes)
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout("total timeout")
            if progress:
                progress(len(body), expected)
    except httpx.TimeoutException:
        raise FetchError(N_("%(host)s did not answer within %(seconds)s seconds."),
                         host=host, seconds=_seconds(settings.total_timeout)) from None
    except httpx.HTTPError:
        raise FetchError(N_("Could not connect to %(host)s."), host=host) from None
    data = bytes(body)
    if not mime and not re.search(rb"<(!doctype html|html|body)[\s>]", data[:4096], re.IGNORECASE):
        raise FetchError(N_("The address did not return a web page; Paralelo imports HTML pages."))
    html, charset = decode_html(data, response.charset_encoding)
    return FetchedPage(url=url, html=html, charset=charset)


def _too_big(limit: int) -> FetchError:
    return FetchError(N_("The page is over the size limit of %(limit)s bytes."), limit=f"{limit:,}")


def _seconds(value: float) -> str:
    return f"{value:g}"


def decode_html(data: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """Decode an HTML page: BOM, then the header's charset, then <meta charset>, then UTF-8, windows-1252, detection.

    A declared charset that cannot decode the bytes (a server saying utf-8 for a windows-1252 page) is
    skipped, not trusted: the next candidate is tried.
    """
    candidates = []
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            candidates.append(name)
    if header_charset:
        candidates.append(header_charset)
    meta = _META_CHARSET.search(data[:8192])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "replace"))
    for name in candidates:
        codec = _codec(name)
        if codec:
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                continue
    for codec in ("utf-8", "cp1252"):  # undeclared: UTF-8, else windows-1252 as browsers assume for English
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    return data.decode("cp1252", "replace"), "cp1252"


def _codec(label: str) -> str | None:
    """A Python codec name for a charset label; None for labels Python does not know."""
    label = label.strip().lower()
    if label in _WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None
