"""LibreTranslate: remote servers over HTTP, batched, round-robin with failover.

Each chunk of sentences is one `POST /translate` with a `q` array. Servers are tried round-robin;
a server that refuses a connection is skipped for the next server at once, one that answers 429
(honouring Retry-After), 5xx or times out is retried with back-off before the next one is tried.
Each server's `/languages` (is en->es there?) and version are read once and cached; a failing
server is probed again only after CHECK_TTL seconds, so `available()` never blocks for long.

A remote server cannot be constrained, so glossary terms are protected with the Argos placeholder
names (LibreTranslate runs Argos models, which copy such names through) and restored here; a term
the server still loses is left for the pipeline to report as missing.

Provenance: `version` names the server(s) that translated the current thread's latest batch, e.g.
"libretranslate 1.9.6 at 127.0.0.1:5000" (several hosts listed when chunks or re-translations
went to different servers), so that each stored segment says which host translated it.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from app.core.messages import N_
from app.core.terms import Term
from app.english import enforce as english_enforce
from app.spanish import enforce as spanish_enforce

from .argos import protect
from .base import Engine, EngineError, Progress

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

SOURCE, TARGET = "en", "es"  # the first pair; for_pair("es", "en") gives the other
CHECK_TTL = 30.0  # seconds before a server that failed is probed again
PROBE_TIMEOUT = 5.0  # seconds for each /languages or version probe (connect: at most 2)
MAX_RETRY_AFTER = 30.0  # never sleep longer than this for one Retry-After
INSTALL_HINT = "PARALELO_LIBRETRANSLATE_URL=http://HOST:5000 (one or more LibreTranslate servers)"


@dataclass
class Server:
    """One LibreTranslate base URL and what is known about it."""

    url: str
    reachable: bool | None = None  # None: never checked
    version: str | None = None
    languages: dict[str, set[str]] | None = None  # from /languages: code -> the codes it translates into
    error: str | None = None
    checked_at: float = float("-inf")  # time.monotonic() of the last check or failure
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.valid:
            self.reachable, self.error = False, "not an http(s) URL"

    @property
    def valid(self) -> bool:
        try:
            parts = urlsplit(self.url)
            return parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
        except ValueError:  # a port that is not a number
            return False

    @property
    def host(self) -> str:
        """host:port, as shown in provenance."""
        if not self.valid:
            return self.url
        parts = urlsplit(self.url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return f"{parts.hostname}:{port}"

    def supports(self, source: str, target: str) -> bool:
        """True if the server's /languages lists the pair."""
        return bool(self.languages) and target in self.languages.get(source, set()) and target in self.languages

    @property
    def en_es(self) -> bool | None:
        return None if self.languages is None else self.supports("en", "es")

    @property
    def usable(self) -> bool:
        """Reachable, with its languages known (whether it has a pair: supports)."""
        return bool(self.reachable and self.languages is not None)

    def usable_for(self, source: str, target: str) -> bool:
        return self.usable and self.supports(source, target)

    def needs_check(self) -> bool:
        """Never checked, or failing and last checked more than CHECK_TTL seconds ago."""
        if not self.valid or self.usable:
            return False
        return self.reachable is None or time.monotonic() - self.checked_at >= CHECK_TTL

    def provenance(self) -> str:
        return f"libretranslate {self.version or 'unknown'} at {self.host}"

    def describe(self) -> dict:
        """JSON-able state for the API and the engines page."""
        return {
            "url": self.url,
            "host": self.host,
            "reachable": self.reachable,
            "version": self.version,
            "en_es": self.en_es,
            "es_en": None if self.languages is None else self.supports("es", "en"),
            "error": self.error,
        }


class _Failed(Exception):
    """One server could not translate a chunk; the next server is tried."""


class LibreTranslateEngine(Engine):
    """One or more LibreTranslate servers; terms protected with placeholders."""

    name = "libretranslate"
    label = N_("LibreTranslate (remote servers)")
    remote = True  # "auto" never picks it: choose it by name

    def __init__(
        self,
        urls: Sequence[str],
        api_key: str | None = None,
        connect_timeout: float = 3.0,
        read_timeout: float = 120.0,
        retries: int = 2,
        chunk: int = 50,
        backoff: float = 0.5,
    ):
        self.servers = [Server(u.strip().rstrip("/")) for u in urls if u.strip()]
        self.api_key = api_key
        self.retries = max(0, retries)
        self.chunk = max(1, chunk)
        self.backoff = backoff
        self.connect_timeout, self.read_timeout = connect_timeout, read_timeout
        self._http = None  # made on first use: httpx is not imported for an app that never calls a server
        self._turn = itertools.count()
        self._local = threading.local()
        self.requests = 0  # POST /translate requests sent (the benchmark reads it)

    @property
    def _client(self) -> httpx.Client:
        if self._http is None:
            import httpx

            self._http = httpx.Client(headers={"Accept": "application/json"})
        return self._http

    @property
    def timeout(self) -> httpx.Timeout:
        """Connect and read limits of one POST /translate."""
        import httpx

        return httpx.Timeout(self.read_timeout, connect=self.connect_timeout)

    @property
    def probe_timeout(self) -> httpx.Timeout:
        """Shorter limits for reading a server's languages and version."""
        import httpx

        return httpx.Timeout(PROBE_TIMEOUT, connect=min(self.connect_timeout, 2.0))

    # --- state ----------------------------------------------------------------------------------

    def available(self) -> bool:
        """True when some server is reachable with en->es (checks cached; failures re-probed after a TTL)."""
        stale = [s for s in self.servers if s.needs_check()]
        if len(stale) > 1:  # probe in parallel: an unresponsive host costs PROBE_TIMEOUT once, not once each
            with ThreadPoolExecutor(max_workers=min(len(stale), 8)) as pool:
                list(pool.map(self._check, stale))
        # every server is checked: the page shows each
        return any([self._check(s).usable_for(*self.languages) for s in self.servers])

    def _pair_changed(self) -> None:
        self._local = threading.local()  # the hosts of this pair's batches

    def install_hint(self) -> str:
        if self.servers:
            return (f"no configured LibreTranslate server is reachable with {self.source}->{self.target} "
                    "(see each server's last error)")
        return INSTALL_HINT

    def _restore(self, text: str, placeholders: dict) -> str:
        """Placeholders back to terms, with the target language's agreement or articles."""
        enforce = english_enforce if self.target == "en" else spanish_enforce
        return enforce.restore(text, placeholders)

    def unavailable_error(self) -> EngineError:
        """Why no server can be used: not configured, or each server's problem."""
        if not self.servers:
            return super().unavailable_error()
        return self._all_failed(
            {s.host: s.error or (f"{self.source}->{self.target} missing" if s.reachable else "not reachable")
             for s in self.servers}
        )

    @property
    def version(self) -> str:
        """The server(s) that translated this thread's latest batch; else every configured one."""
        hosts = getattr(self._local, "hosts", None)
        if hosts == {}:
            return "libretranslate (no request sent)"  # the batch was blank lines only
        servers = [s for s in self.servers if s.host in hosts] if hosts else self.servers
        if not servers:
            return "libretranslate (no server configured)"
        by_version: dict[str, list[str]] = {}
        for s in servers:
            by_version.setdefault(s.version or "unknown", []).append(s.host)
        return "; ".join(f"libretranslate {v} at {', '.join(h)}" for v, h in by_version.items())

    def describe(self) -> dict:
        out = super().describe()
        out["servers"] = [s.describe() for s in self.servers]
        return out

    def _check(self, server: Server, force: bool = False) -> Server:
        """Read a server's /languages and version once; re-probe one that failed after CHECK_TTL."""
        import httpx

        with server.lock:
            if not server.valid or not (force or server.needs_check()):
                return server
            server.checked_at = time.monotonic()
            try:
                response = self._client.get(server.url + "/languages", timeout=self.probe_timeout)
                response.raise_for_status()
                languages = response.json()
                if not isinstance(languages, list):
                    raise ValueError("/languages did not answer a list")
            except (httpx.HTTPError, ValueError) as exc:
                server.reachable, server.error = False, _describe_error(exc)
                return server
            server.reachable = True
            codes = {lang.get("code") for lang in languages if isinstance(lang, dict)}
            # "targets": [] is a language the server only translates into; servers older than the
            # "targets" field translate between every pair they list
            server.languages = {
                lang["code"]: set(lang["targets"] if isinstance(lang.get("targets"), list) else codes)
                for lang in languages if isinstance(lang, dict) and isinstance(lang.get("code"), str)
            }
            server.error = None if server.languages else "the server lists no languages"
            server.version = server.version or self._server_version(server)
            return server

    def _server_version(self, server: Server) -> str:
        """The server's version: /frontend/settings "version" (newer servers), else /spec's info.version."""
        import httpx

        for path, keys in (("/frontend/settings", ("version",)), ("/spec", ("info", "version"))):
            try:
                response = self._client.get(server.url + path, timeout=self.probe_timeout)
                response.raise_for_status()
                value = response.json()
                for key in keys:
                    value = value.get(key)
            except (httpx.HTTPError, ValueError, AttributeError):
                continue
            if isinstance(value, str | int | float) and str(value) not in ("", "?"):
                return str(value)
        return "unknown"

    # --- translation ----------------------------------------------------------------------------

    def translate_batch(
        self,
        sentences: Sequence[str],
        terms: Sequence[Sequence[Term]] | None = None,
        progress: Progress | None = None,
    ) -> list[str]:
        """Translate sentences 1:1, one request per chunk, terms protected by placeholders."""
        self._start_batch(sentences, fresh=terms is None)
        if not sentences:
            return []
        terms = list(terms) if terms is not None else [[] for _ in sentences]
        if len(terms) != len(sentences):
            raise EngineError(
                N_("%(terms)s term lists for %(sentences)s sentences"), terms=len(terms), sentences=len(sentences)
            )
        protected = [protect(s, t) if t else None for s, t in zip(sentences, terms, strict=True)]
        texts = [p.text if p else s for s, p in zip(sentences, protected, strict=True)]
        todo = [i for i, text in enumerate(texts) if text.strip()]
        out = ["" for _ in sentences]
        done = 0
        for start in range(0, len(todo), self.chunk):
            indices = todo[start : start + self.chunk]
            for i, text in zip(indices, self._translate_chunk([texts[i] for i in indices]), strict=True):
                out[i] = self._restore(text, protected[i].placeholders) if protected[i] else text
            done += len(indices)
            if progress:
                progress(done, len(todo))
        return out

    def _start_batch(self, sentences: Sequence[str], fresh: bool) -> None:
        """Forget the hosts of the previous batch unless this one re-translates some of its sentences.

        The pipeline's free pass (no terms) starts a batch; its re-translations of sentences that
        missed terms come with terms and a subset of the same sentences, and add their hosts.
        """
        local = self._local
        if fresh or not set(sentences) <= getattr(local, "sentences", set()):
            local.sentences, local.hosts = set(sentences), {}

    def _translate_chunk(self, texts: list[str]) -> list[str]:
        """One POST /translate on the first server that manages it, in round-robin order."""
        if not self.servers:
            raise self.unavailable_error()
        errors: dict[str, str] = {}
        for server in self._order():
            try:
                translated = self._post(server, texts)
            except _Failed as exc:
                errors[server.host] = str(exc)
                continue
            self._local.hosts[server.host] = server.version
            return translated
        raise self._all_failed(errors)

    def _order(self) -> list[Server]:
        """Servers from the next one in turn; those known to be failing go last."""
        n = len(self.servers)
        first = next(self._turn) % n
        ring = self.servers[first:] + self.servers[:first]
        for server in ring:
            self._check(server)
        usable = [s for s in ring if s.usable_for(*self.languages)]
        return usable + [s for s in ring if s not in usable]

    def _post(self, server: Server, texts: list[str]) -> list[str]:
        """Send one chunk to one server, retrying 429, 5xx and timeouts with back-off."""
        import httpx

        if not server.usable_for(*self.languages):
            self._check(server, force=True)
            if not server.usable:
                raise _Failed(server.error or "unusable")
            if not server.supports(*self.languages):
                raise _Failed(f"{self.source}->{self.target} is not installed on this server")
        payload = {"q": texts, "source": self.source, "target": self.target, "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                self.requests += 1
                response = self._client.post(server.url + "/translate", json=payload, timeout=self.timeout)
            except httpx.TimeoutException as exc:
                self._failing(server, _describe_error(exc))
                if last:
                    raise _Failed(server.error) from None
                self._sleep(self.backoff * 2**attempt)
                continue
            except httpx.HTTPError as exc:  # refused, reset: the next server, at once
                self._failing(server, _describe_error(exc))
                raise _Failed(server.error) from None
            if response.status_code == 429 or response.status_code >= 500:
                self._failing(server, f"HTTP {response.status_code}: {_error_text(response)}")
                if last:
                    raise _Failed(server.error)
                self._sleep(_retry_after(response) or self.backoff * 2**attempt)
                continue
            if response.status_code != 200:  # 400/403: bad request, API key needed or refused
                server.error = f"HTTP {response.status_code}: {_error_text(response)}"
                raise _Failed(server.error)
            return self._translations(server, response, len(texts))
        raise _Failed(server.error)  # not reached: the last attempt raises or returns

    def _translations(self, server: Server, response: httpx.Response, count: int) -> list[str]:
        try:
            translated = response.json().get("translatedText")
        except (ValueError, AttributeError):
            translated = None
        if isinstance(translated, str) and count == 1:
            translated = [translated]
        if not isinstance(translated, list) or len(translated) != count:
            got = len(translated) if isinstance(translated, list) else 0
            server.error = f"returned {got} translations for {count} sentences"
            raise _Failed(server.error)
        server.reachable, server.error = True, None  # a retry that succeeded clears the failure
        return [t if isinstance(t, str) else "" for t in translated]

    def _failing(self, server: Server, error: str) -> None:
        server.reachable, server.error, server.checked_at = False, error, time.monotonic()

    def _sleep(self, seconds: float) -> None:
        time.sleep(min(seconds, MAX_RETRY_AFTER))

    def _all_failed(self, errors: dict[str, str]) -> EngineError:
        details = "; ".join(f"{host}: {error}" for host, error in errors.items())
        return EngineError(
            N_("No LibreTranslate server could translate %(source)s->%(target)s: %(details)s"),
            source=self.source, target=self.target, details=details,
        )


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds from a Retry-After header (delta-seconds form), if any."""
    value = response.headers.get("Retry-After", "").strip()
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: fall back to the back-off


def _error_text(response: httpx.Response) -> str:
    try:
        return str(response.json().get("error") or response.reason_phrase)[:300]
    except (ValueError, AttributeError):
        return response.text.strip()[:300] or response.reason_phrase


def _describe_error(exc: Exception) -> str:
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({type(exc).__name__})"
    if isinstance(exc, httpx.HTTPStatusError):
        return f"HTTP {exc.response.status_code}"
    return str(exc) or type(exc).__name__
