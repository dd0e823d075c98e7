"""The browser tests' fixtures, in one place: Debian's Chromium (one per run), live apps on 127.0.0.1,
and pages whose uncaught JavaScript errors fail the test."""

from __future__ import annotations

import pytest

from tests.support.browser import GatedApertium, launch_chromium, need, sync_playwright

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, shared by every browser test of the run (contexts keep them apart)."""
    need(sync_playwright is not None, "Playwright is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def apertium_engine():
    """The real Apertium engine, with a gate to hold a translation back (one per test module)."""
    engine = GatedApertium()
    need(engine.available(), "apertium-eng-spa is not installed (apt-get install apertium-eng-spa)")
    return engine


@pytest.fixture
def open_page(browser):
    """open_page(live, path=None, viewport=DESKTOP, **context options) -> a page in a fresh context.

    Every context is closed after the test, and an uncaught JavaScript error on any page fails it.
    """
    contexts, errors = [], []

    def opener(live, path: str | None = None, viewport=DESKTOP, timeout: float = 5000, **options):
        context = browser.new_context(base_url=live.url, viewport=viewport, **options)
        context.set_default_timeout(timeout)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        if path:
            page.goto(path)
        return page

    yield opener
    for context in contexts:
        context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"
