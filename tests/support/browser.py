"""Helpers for the browser tests: a live server thread, Chromium, a gated Apertium, DOM snippets."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import threading
import urllib.request

import pytest
from werkzeug.serving import make_server

from app.translation.engines.apertium import ApertiumEngine
from tests.support.app import REQUIRE_ENGINES, make_app

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # the `browser` fixture reports it as a skip (or a failure in CI)
    expect = sync_playwright = None

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
HUMAN = re.compile(r"\bhuman\b")  # the class of a post-edited sentence


def need(ok: bool, reason: str) -> None:
    """Skip when something the browser tests need is missing; fail instead when CI requires it."""
    if ok:
        return
    if REQUIRE_ENGINES:
        pytest.fail(f"{reason} (PARALELO_REQUIRE_ENGINES=1)")
    pytest.skip(reason)


class GatedApertium(ApertiumEngine):
    """The real Apertium engine, held back while `gate` is clear (to see a page mid-translation)."""

    def __init__(self):
        super().__init__()
        self.gate = threading.Event()
        self.gate.set()

    def translate_batch(self, sentences, terms=None, progress=None):
        self.gate.wait(timeout=20)  # bounded: a forgotten gate only slows a test down
        return super().translate_batch(sentences, terms, progress)


class LiveServer:
    """The app served by werkzeug on 127.0.0.1 (a free port) from a background thread."""

    def __init__(self, app):
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="live-server", daemon=True
        )
        self._thread.start()

    def json(self, path: str):
        """GET a JSON API path from the server."""
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return json.load(response)

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)
        self._server.server_close()


@contextlib.contextmanager
def live_app(folder, engines: dict, wait: bool = True, **config):
    """An app on a copy of the template database, served on 127.0.0.1 while the block runs.

    With `wait`, the jobs queued at start (the bundled article's translation) are finished first.
    """
    app = make_app(folder, engines, WTF_CSRF_ENABLED=True, **config)
    jobs = app.extensions["paralelo.jobs"]
    server = LiveServer(app)
    try:
        if wait:
            assert jobs.wait(60), "the bundled article was not translated in time"
        yield server
    finally:
        for engine in engines.values():
            gate = getattr(engine, "gate", None)
            if gate is not None:
                gate.set()
        server.stop()
        jobs.shutdown()


def launch_chromium(playwright):
    """Debian's Chromium, headless; never a downloaded browser."""
    need(shutil.which(CHROMIUM) is not None, f"Chromium is not installed at {CHROMIUM}")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


# An element's text as a reader sees it, without the tooltips nested in its glossary terms.
_TEXT = """el => {
  const copy = el.cloneNode(true);
  copy.querySelectorAll('.tip').forEach(tip => tip.remove());
  return copy.textContent.replace(/\\s+/g, ' ').trim();
}"""


def sentence_text(locator) -> str:
    """The visible text of one sentence (or term), tooltips left out."""
    return locator.evaluate(_TEXT)


def sentence_texts(page, selector: str) -> list[str]:
    """The visible text of every element matching selector, in document order."""
    return page.eval_on_selector_all(selector, f"els => els.map({_TEXT})")


def first_line_point(locator) -> tuple[float, float]:
    """A viewport point on an inline element's first line (its box centre may be on a neighbour)."""
    locator.scroll_into_view_if_needed()
    rect = locator.evaluate(
        "el => { const r = el.getClientRects()[0]; return {x: r.left, y: r.top, h: r.height}; }"
    )
    return rect["x"] + 4, rect["y"] + rect["h"] / 2


# Select `phrase` inside the first text node of `el` that holds it; return the selection's text
# and the viewport point at its end (where a mouse drag selecting it would be released).
SELECT_PHRASE = """(el, phrase) => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(phrase);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + phrase.length);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    const box = range.getBoundingClientRect();
    return {text: selection.toString(), x: box.right - 1, y: box.top + box.height / 2};
  }
  return null;
}"""


def es_seg(page, seg_id):
    return page.locator(f'.col.es .seg[data-seg="{seg_id}"]')


def en_seg(page, seg_id):
    return page.locator(f'.col.en .seg[data-seg="{seg_id}"]')


def twins(page) -> list[tuple[str, str]]:
    """(column, data-seg) of every highlighted sentence."""
    found = page.eval_on_selector_all(
        ".seg.twin",
        "els => els.map(e => [e.closest('.col.en') ? 'en' : 'es', e.dataset.seg])",
    )
    return [tuple(pair) for pair in found]


def tab_until(page, predicate: str, limit: int = 60) -> None:
    """Press Tab until `predicate` (JS, given the focused element) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({predicate}); }}"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def import_through_form(page, title: str, text: str) -> None:
    """Paste an article into the index page's form and submit it."""
    page.goto("/")
    form = page.locator("form.import")
    form.locator('input[name="title"]').fill(title)
    form.locator('textarea[name="text"]').fill(text)
    form.get_by_role("button", name="Import and translate").click()
    expect(page).to_have_url(re.compile(r"/articles/[^/?]+$"))


def wait_translated(page, timeout: float = 15_000) -> None:
    """Wait until the reader page has reloaded itself with every sentence translated."""
    expect(page.locator(".col.es .seg.pending")).to_have_count(0, timeout=timeout)
    expect(page.locator(".progress")).to_have_count(0, timeout=timeout)


def edit_sentence(page, seg_id, text: str) -> None:
    """Open a Spanish sentence's editor with a click, type `text`, save, wait for the reload."""
    spanish = es_seg(page, seg_id)
    page.mouse.click(*first_line_point(spanish))
    area = page.locator(".editor textarea")
    expect(area).to_be_focused()
    area.fill(text)
    page.locator(".editor").get_by_role("button", name="Save").click()
    expect(spanish).to_have_class(HUMAN)


def machine_translations(live) -> dict[tuple[int, int], tuple[str, int]]:
    """(article, segment) -> (English, machine translations made so far), over every article."""
    counts = {}
    for summary in live.json("/api/articles")["articles"]:
        for seg in live.json(f"/api/articles/{summary['id']}")["segments"]:
            history = live.json(f"/api/articles/{summary['id']}/segments/{seg['id']}/history")
            made = sum(t["origin"] == "machine" for t in history["translations"])
            counts[(summary["id"], seg["id"])] = (seg["source"], made)
    return counts
