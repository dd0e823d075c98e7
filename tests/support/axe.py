"""axe-core for the browser tests: the npm package, installed once by the test setup, run with Playwright.

scripts/setup.sh --test installs it into .cache/axe (`npm install --prefix .cache/axe axe-core@4`); when
it is missing and npm is on the PATH, axe_source() runs that same install once, quietly. Nothing is
fetched while a test runs otherwise. The page's CSP (script-src 'self') forbids inline scripts, so
axe is evaluated through Playwright (the DevTools protocol) rather than injected as a <script> tag.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache

from tests.support.browser import need
from tests.support.paths import ROOT

AXE_DIR = ROOT / ".cache" / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA plus axe's best practices (landmarks, one h1, headings order, regions).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# The same with WCAG 2.2 AA (target size 2.5.8: 24x24 CSS px, or spaced so).
WCAG22 = [*TAGS, "wcag22aa"]

# axe.run is started, not awaited: a page.evaluate has no timeout, so a run that never settles would hang
# the suite. Its result is left on the page and waited for with a timeout (polled by time, not by frame:
# a page in the background gets no animation frames).
START = """([tags, exclude]) => {
  window.__paraleloAxe = null;
  const options = {resultTypes: ['violations'], ...(tags ? {runOnly: {type: 'tag', values: tags}} : {})};
  axe.run({exclude: exclude.map(s => [s])}, options).then(
    result => { window.__paraleloAxe = {violations: result.violations.map(v => ({id: v.id, impact: v.impact,
      help: v.help, nodes: v.nodes.slice(0, 4).map(n => n.target.join(' '))}))}; },
    error => { window.__paraleloAxe = {error: String(error)}; });
}"""
RUN_TIMEOUT_MS = 60_000


@cache
def axe_source() -> str:
    """The text of axe.min.js (installing the npm package first if need be)."""
    if not AXE_JS.exists() and shutil.which("npm"):
        subprocess.run(
            ["npm", "install", "--prefix", str(AXE_DIR), "axe-core@4", "--silent", "--no-audit", "--no-fund"],
            check=False, capture_output=True, timeout=300,
        )
    need(AXE_JS.exists(), f"axe-core is not installed: run scripts/setup.sh --test (expected {AXE_JS})")
    return AXE_JS.read_text("utf-8")


def axe_violations(page, tags: list[str] | None = TAGS, exclude: tuple[str, ...] = ()) -> list[dict]:
    """axe-core's violations on the page as it is now, for these rule tags (None: every rule), the parts
    matching the `exclude` selectors left out: [{id, impact, help, nodes}]."""
    page.bring_to_front()  # the tab a test works in, even after it opened and closed another
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    page.evaluate(START, [tags, list(exclude)])
    page.wait_for_function("() => window.__paraleloAxe !== null", polling=100, timeout=RUN_TIMEOUT_MS)
    result = page.evaluate("() => window.__paraleloAxe")
    assert "error" not in result, f"axe-core failed: {result['error']}"
    return result["violations"]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['impact']}: {v['id']} ({v['help']}) at {v['nodes']}" for v in violations)
