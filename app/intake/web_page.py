"""Web addresses for import: the syntax check made when a URL is submitted, and reading the page.

A URL import is stored at once with status "fetching" (app.intake.importer); its fetch job calls
`fetch_page` (network only, no database) and hands the HTML to importer.fill_from_page. No Flask here.
"""

from __future__ import annotations

from collections.abc import Callable

from app.core.messages import N_

from .fetch import FetchError, FetchSettings, fetch, parse_url, shown

MAX_URL_CHARS = 2000
Progress = Callable[[int, int | None], None]


def check_address(url: str) -> str:
    """A syntactically usable http(s) URL, stripped (the fetch's own strict parse); the address it
    resolves to is checked by app.intake.fetch.check_url, at submit time and again at every hop."""
    url = (url or "").strip()
    if len(url) > MAX_URL_CHARS:
        raise FetchError(N_("The address %(url)s is not valid."), url=shown(url))
    parse_url(url)
    return url


def fetch_page(url: str, settings: FetchSettings, progress: Progress | None = None) -> tuple[str, str]:
    """Fetch a page (network only, no database): (its HTML, the URL it was read from after redirects)."""
    fetched = fetch(url, settings, progress)
    return fetched.html, fetched.url
