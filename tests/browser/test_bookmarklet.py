"""The "Read in Paralelo" bookmarklet in Chromium: run on a news page, it opens the import form filled in."""

from __future__ import annotations

import re

import pytest

from tests.support.app import FakeEngine
from tests.support.browser import live_app
from tests.support.page_server import serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def news_site():
    with serve() as url:
        yield url


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    with live_app(tmp_path_factory.mktemp("bookmarklet"), {"fake": FakeEngine()}, wait=False,
                  FETCH_ALLOW_PRIVATE=True) as server:
        yield server


def test_bookmarklet_opens_the_form_filled_in_and_the_import_runs_once_confirmed(browser, live, news_site):
    context = browser.new_context()
    context.set_default_timeout(15000)
    # The news page's ads and scripts point at other hosts: nothing leaves 127.0.0.1.
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/]).*"), lambda route: route.abort())
    errors: list[str] = []
    try:
        paralelo = context.new_page()
        paralelo.on("pageerror", lambda exc: errors.append(str(exc)))
        paralelo.goto(live.url + "/")
        href = paralelo.get_attribute("a.bookmarklet", "href")
        assert href.startswith("javascript:")

        news = context.new_page()
        news_url = news_site + "/pages/wire_service.html"
        news.goto(news_url)
        with context.expect_page() as opened:
            news.evaluate(href.removeprefix("javascript:"))  # what clicking the bookmark does on that page
        form = opened.value
        form.on("pageerror", lambda exc: errors.append(str(exc)))
        form.wait_for_load_state()
        assert form.url.startswith(live.url + "/?url=")
        assert form.input_value("input[name=url]") == news_url
        assert live.json("/api/articles")["articles"] == []  # nothing is imported until the user confirms

        form.click("form.import button[type=submit]")
        form.wait_for_url(re.compile(r"/articles/"))
        form.wait_for_selector(".source-meta .author")  # the page reloads itself when the import is done
        assert "By Rosa Delgado, Martin Keller" in form.inner_text(".source-meta")
        assert "Appeals court pauses deportation flights" in form.inner_text("#reader")
    finally:
        context.close()
    assert errors == []
