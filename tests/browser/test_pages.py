"""The non-reader pages in a real browser (Debian's Chromium via Playwright): phones at 360 and 390 px,
the glossary as cards, a compact header, targets of at least 24x24 CSS px, keyboard paths, delete + undo,
filters across languages, what someone not signed in sees, a form kept after the session ended, and
axe-core (WCAG 2.2 AA and best practices) on every page in both interface languages, disclosures open."""

from __future__ import annotations

import re

import pytest

from app.cli import main
from tests.support.app import FakeEngine
from tests.support.axe import WCAG22, axe_violations, describe
from tests.support.browser import expect, live_app

pytestmark = pytest.mark.browser

ADMIN, PASSWORD = "root", "correct horse battery"
PHONES = {"phone-360": (360, 740), "phone-390": (390, 844)}
LANGS = ("en", "es")
# Elements sticking out on the right of the viewport, and how wide the document is.
OVERFLOW = """() => ({
  doc: document.documentElement.scrollWidth, win: window.innerWidth,
  wide: [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && e.getClientRects().length)
    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')),
})"""


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """Accounts on (an admin), the bundled article translated by the fake engine, on 127.0.0.1."""
    with live_app(tmp_path_factory.mktemp("pages"), {"fake": FakeEngine()}, SEED_ON_START=True, AUTH="on",
                  FETCH_ALLOW_PRIVATE=True) as server:
        runner = server.app.test_cli_runner()
        result = runner.invoke(main, ["users", "create", ADMIN, "--role", "admin", "--password-stdin"],
                               input=PASSWORD + "\n")
        assert result.exit_code == 0, result.output
        token = re.search(r"(plo_\S+)", runner.invoke(main, ["tokens", "create", ADMIN]).output).group(1)
        failed = server.app.test_client().post("/api/articles", json={"url": "http://127.0.0.1:1/story"},
                                               headers={"Authorization": f"Bearer {token}"})
        assert failed.status_code == 202, failed.get_json()
        assert server.app.extensions["paralelo.jobs"].wait(30)  # nothing listens on port 1: it fails at once
        server.failed_slug = failed.get_json()["slug"]
        yield server


@pytest.fixture(scope="module")
def login_state(browser, live):
    """The cookies of a logged-in admin, to start contexts from."""
    context = browser.new_context(base_url=live.url)
    page = context.new_page()
    page.goto("/login")
    page.locator('input[name="username"]').fill(ADMIN)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("nav.account")).to_contain_text(ADMIN)
    state = context.storage_state()
    context.close()
    return state


def sign_in(page, user: str, then: bool = True) -> None:
    """Fill in the sign-in form (opening the sign-in page first unless `then` is False) and send it."""
    if then:
        page.goto("/login")
    page.locator('input[name="username"]').fill(user)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Sign in").click()


def new_page(browser, live, login_state, size=(1280, 900), logged_in=True):
    width, height = size
    context = browser.new_context(base_url=live.url, viewport={"width": width, "height": height},
                                  storage_state=login_state if logged_in else None)
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture(scope="module")
def urls(live):
    """Every page this suite checks, by name (the reader's too, reported separately)."""
    article = live.json("/api/articles")["articles"][0]
    entry = live.json("/api/glossary?q=detainee")["entries"][0]["id"]
    return {
        "articles": "/",
        "glossary": "/glossary/",
        "glossary-search": "/glossary/?q=carcel&domain=prison",
        "glossary-edit": f"/glossary/{entry}/edit",
        "glossary-delete": f"/glossary/{entry}/delete",
        "history": f"/glossary/history?entry={entry}",
        "history-all": "/glossary/history",
        "engines": "/engines",
        "account": "/account",
        "users": "/users",
        "deleted-articles": "/deleted-articles",
        "article-delete": f"/articles/{article['id']}/delete",
        "error": "/no/such/page",
        "login": "/login",
        "memory": "/tm",
        "failed-import": f"/articles/{live.failed_slug}",
        "study": "/study",
        "review": "/review",
        "review-article": f"/articles/{article['slug']}/review",
        "suggestions": "/glossary/suggestions",
        "reader": f"/articles/{article['slug']}",
    }


MINE = ["articles", "glossary", "glossary-search", "glossary-edit", "glossary-delete", "history", "history-all",
        "engines", "account", "users", "deleted-articles", "article-delete", "error", "login", "memory",
        "failed-import", "study", "review", "review-article", "suggestions"]
# What someone not signed in can open (the others send them to sign in).
OPEN = ["articles", "glossary", "glossary-search", "history", "history-all", "engines", "error", "login", "memory",
        "failed-import", "study", "review", "review-article", "suggestions"]
OPEN_DISCLOSURES = "() => document.querySelectorAll('main details').forEach(d => { d.open = true; })"
# Interactive elements under 24x24 CSS px (WCAG 2.2, 2.5.8), except links inside a sentence (the inline
# exception): a link whose paragraph holds at least 20 characters of other text.
SMALL_TARGETS = """() => {
  const inSentence = el => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    const block = el.closest('p, li, dd');
    if (!block) return false;
    const links = [...block.querySelectorAll('a, button')].reduce((n, a) => n + a.textContent.trim().length, 0);
    return block.textContent.replace(/\\s+/g, ' ').trim().length - links >= 20;
  };
  const found = [];
  const targets = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[tabindex]:not([tabindex="-1"])';
  for (const el of document.querySelectorAll(targets)) {
    const box = el.getBoundingClientRect();
    if (!el.getClientRects().length || !box.width || getComputedStyle(el).visibility === 'hidden') continue;
    if (box.bottom < 0) continue;  // the skip link, off-screen until focused
    if (inSentence(el)) continue;
    if (box.width < 24 || box.height < 24) {
      found.push(`${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''} "${el.textContent.trim()
        .slice(0, 30)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return found;
}"""


# Pages whose script fills them in say when it is done: the checks wait for that.
READY = """() => [...document.querySelectorAll('#review, #study')]
  .every(el => ['true', 'yes'].includes(el.dataset.ready))"""


def goto(page, path: str, lang: str):
    page.goto(f"{path}{'&' if '?' in path else '?'}lang={lang}")
    page.wait_for_function(READY)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", MINE)
def test_axe_finds_no_violations(browser, live, login_state, urls, name, lang):
    """Signed in (the login page: not), every disclosure open: WCAG 2.2 AA and best practices."""
    page = new_page(browser, live, login_state, logged_in=name != "login")
    goto(page, urls[name], lang)
    assert page.locator("html").get_attribute("lang") == lang
    page.evaluate(OPEN_DISCLOSURES)
    violations = axe_violations(page, WCAG22)
    page.context.close()
    assert not violations, describe(violations)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", [n for n in OPEN if n != "login"])
def test_axe_finds_no_violations_for_someone_not_signed_in(browser, live, login_state, urls, name, lang):
    page = new_page(browser, live, login_state, logged_in=False)
    goto(page, urls[name], lang)
    violations = axe_violations(page, WCAG22)
    page.context.close()
    assert not violations, describe(violations)


@pytest.mark.parametrize("logged_in", [True, False], ids=["editor", "not-signed-in"])
def test_no_target_under_24px_on_a_360px_phone(browser, live, login_state, urls, logged_in):
    """WCAG 2.2, 2.5.8 (AA): every control on every page at least 24x24 CSS px, disclosures open."""
    page = new_page(browser, live, login_state, PHONES["phone-360"], logged_in=logged_in)
    small = {}
    for name in MINE if logged_in else OPEN:
        for lang in LANGS:
            goto(page, urls[name], lang)
            page.evaluate(OPEN_DISCLOSURES)
            found = page.evaluate(SMALL_TARGETS)
            if found:
                small[f"{name}/{lang}"] = found
    page.context.close()
    assert not small, small


@pytest.mark.parametrize("lang", LANGS)
def test_axe_on_the_reader(browser, live, login_state, urls, lang):
    """The whole reader page, header included, as an editor sees it: no violations."""
    page = new_page(browser, live, login_state)
    goto(page, urls["reader"], lang)
    violations = axe_violations(page, WCAG22)
    page.context.close()
    assert not violations, describe(violations)


@pytest.mark.parametrize("size", PHONES.values(), ids=PHONES.keys())
def test_every_page_fits_a_phone_without_sideways_scrolling(browser, live, login_state, urls, size):
    page = new_page(browser, live, login_state, size)
    too_wide = {}
    for name in MINE:
        for lang in LANGS:
            goto(page, urls[name], lang)
            found = page.evaluate(OVERFLOW)
            if found["doc"] > found["win"] or found["wide"]:
                too_wide[f"{name}/{lang}"] = found
    page.context.close()
    assert not too_wide, too_wide


@pytest.mark.parametrize("size", PHONES.values(), ids=PHONES.keys())
def test_glossary_cards_show_edit_and_delete_on_a_phone(browser, live, login_state, size):
    page = new_page(browser, live, login_state, size)
    page.goto("/glossary/")
    for row in page.locator("table.glossary tbody tr").all()[:10]:
        for action in (row.get_by_role("link", name="Edit"), row.get_by_role("link", name="Delete")):
            expect(action).to_be_visible()
            box = action.bounding_box()
            assert 0 <= box["x"] and box["x"] + box["width"] <= size[0], box
    assert page.evaluate("() => getComputedStyle(document.querySelector('table.glossary tr')).display") == "block"
    page.context.close()


@pytest.mark.parametrize("logged_in", [True, False], ids=["editor", "not-signed-in"])
@pytest.mark.parametrize("size", PHONES.values(), ids=PHONES.keys())
def test_header_is_one_short_line_on_a_phone(browser, live, login_state, size, logged_in):
    page = new_page(browser, live, login_state, size, logged_in=logged_in)
    for lang in LANGS:
        goto(page, "/glossary/", lang)
        height = page.locator("header.site").bounding_box()["height"]
        title = page.locator("main h1").bounding_box()["y"]
        assert height <= 40, f"the header takes {height:.0f} px ({lang})"
        assert title <= 60, f"the title starts {title:.0f} px down ({lang})"
    page.context.close()


@pytest.mark.parametrize("size", [(1280, 900), PHONES["phone-360"]], ids=["desktop", "phone-360"])
def test_add_form_closed_on_top_and_the_list_on_the_first_screen(browser, live, login_state, size):
    page = new_page(browser, live, login_state, size)
    page.goto("/glossary/")
    add = page.locator("details.add-entry")
    assert add.bounding_box()["y"] < page.locator("form.search").bounding_box()["y"]
    expect(page.locator("table.glossary tbody tr").first).to_be_in_viewport()
    expect(add.locator('input[name="source"]')).to_be_hidden()  # closed: one tap away
    add.locator("summary").click()
    expect(add.locator('input[name="source"]')).to_be_visible()
    page.goto("/glossary/#add")  # a link to the form opens it
    expect(page.locator('details.add-entry input[name="source"]')).to_be_visible()
    page.context.close()


def test_the_first_edit_is_a_few_tab_stops_away(browser, live, login_state):
    page = new_page(browser, live, login_state)
    page.goto("/glossary/")
    page.keyboard.press("Tab")
    expect(page.locator("a.skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    first_edit = page.locator("table.glossary tbody tr").first.get_by_role("link", name="Edit")
    presses = 0
    while not first_edit.evaluate("el => el === document.activeElement"):
        presses += 1
        assert presses <= 5, "the first Edit is more than 5 tab stops after the skip link"
        page.keyboard.press("Tab")  # the add form's summary, search, domain, Filter, then Edit
    page.context.close()


def test_skip_link_and_visible_focus(browser, live, login_state):
    page = new_page(browser, live, login_state)
    page.goto("/glossary/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box["y"] >= 0, "the skip link is focused but off-screen"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    outline = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
    assert outline[0] != "none" and outline[1] >= 2, outline
    page.context.close()


def test_escape_closes_the_article_menu(browser, live, login_state):
    page = new_page(browser, live, login_state, PHONES["phone-390"])
    page.goto("/")
    menu = page.locator("details.manage").first
    summary = menu.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    menu.locator('input[name="title"]').focus()
    page.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")
    expect(summary).to_be_focused()
    page.context.close()


def test_delete_confirm_then_undo_on_a_phone(browser, live, login_state):
    page = new_page(browser, live, login_state, PHONES["phone-360"])
    page.goto("/glossary/?q=carcel&domain=prison")
    row = page.locator("table.glossary tbody tr").first
    source = row.locator("td.source").evaluate("td => td.firstChild.textContent.trim()")
    row.get_by_role("link", name="Delete").click()
    expect(page.locator("h1")).to_contain_text(source)
    page.get_by_role("button", name="Delete the entry").click()
    expect(page).to_have_url(re.compile(r"/glossary/\?q=carcel&domain=prison&undo=\d+$"))
    assert source not in [e["source"] for e in live.json("/api/glossary?q=carcel")["entries"]]
    page.locator("form.undo").get_by_role("button", name="Undo").click()
    expect(page).to_have_url(re.compile(r"/glossary/\?q=carcel&domain=prison$"))
    expect(page.locator("table.glossary")).to_contain_text(source)
    assert source in [e["source"] for e in live.json("/api/glossary?q=carcel")["entries"]]
    page.context.close()


def test_search_and_filter_survive_switching_language(browser, live, login_state):
    page = new_page(browser, live, login_state, PHONES["phone-390"])
    page.goto("/glossary/?lang=en")
    search = page.locator("form.search")
    search.get_by_label("Search", exact=True).fill("carcel")
    search.locator('select[name="domain"]').select_option("prison")
    search.get_by_role("button", name="Filter").click()
    rows = page.locator("table.glossary tbody tr").count()
    assert rows > 0
    page.locator("nav.lang").get_by_role("link", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("form.search").get_by_label("Buscar", exact=True)).to_have_value("carcel")
    expect(page.locator('form.search select[name="domain"]')).to_have_value("prison")
    expect(page.locator("table.glossary tbody tr")).to_have_count(rows)
    page.context.close()


def test_glossary_pages_and_history_in_the_browser(browser, live, login_state):
    page = new_page(browser, live, login_state)
    page.goto("/glossary/")
    expect(page.locator("table.glossary tbody tr")).to_have_count(50)
    page.locator("nav.pager").get_by_role("link", name="2", exact=True).click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator("nav.pager a[aria-current=page]")).to_have_text("2")
    row = page.locator("table.glossary tbody tr").first
    source = row.locator("td.source").evaluate("td => td.firstChild.textContent.trim()")
    row.get_by_role("link", name="Edit").click()
    page.get_by_role("link", name="History of this entry").click()
    expect(page.locator("h1")).to_contain_text(source)
    expect(page.locator("table.history button", has_text="Revert")).to_have_count(0)  # only its "added" row
    page.get_by_role("link", name="Back to the glossary").click()
    expect(page).to_have_url(re.compile(r"/glossary/\?page=2#entry-\d+$"))
    page.context.close()


def test_rename_and_delete_an_article_then_restore_it(browser, live, login_state):
    page = new_page(browser, live, login_state, PHONES["phone-390"])
    page.goto("/")
    page.locator('form.import textarea[name="text"]').fill("Browser title\n\nA short article for the browser test.")
    page.get_by_role("button", name="Import and translate").click()
    expect(page).to_have_url(re.compile(r"/articles/[^/]+$"))
    page.goto("/")
    item = page.locator("ul.articles li", has_text="Browser title")
    item.locator("summary").click()
    item.get_by_label("New title").fill("Renamed in the browser")
    item.get_by_role("button", name="Rename").click()
    item = page.locator("ul.articles li", has_text="Renamed in the browser")
    expect(item).to_have_count(1)
    item.locator("summary").click()
    item.get_by_role("link", name="Delete this article").click()
    page.get_by_role("button", name="Delete the article").click()
    expect(page.locator("ul.articles li", has_text="Renamed in the browser")).to_have_count(0)
    page.get_by_role("link", name="Deleted articles").click()
    page.locator("li", has_text="Renamed in the browser").get_by_role("button", name="Restore").click()
    page.get_by_role("link", name="Back to the articles").click()
    expect(page.locator("ul.articles li", has_text="Renamed in the browser")).to_have_count(1)
    page.context.close()


def test_import_form_offers_only_installed_engines_in_the_browser(browser, live, login_state):
    page = new_page(browser, live, login_state)
    page.goto("/")
    options = page.locator('select[name="engine"] option').evaluate_all("os => os.map(o => o.value)")
    page.context.close()
    assert options == ["auto", "fake"]


def test_favicon_loads_without_a_404(browser, live, login_state):
    page = new_page(browser, live, login_state)
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto("/glossary/")
    page.wait_for_load_state("networkidle")
    icon = page.evaluate("() => document.querySelector('link[rel=icon]').href")
    assert page.request.get(icon).status == 200
    page.context.close()
    assert not failed, failed


def test_someone_not_signed_in_sees_no_write_forms_and_signs_in_back_to_the_same_place(browser, live, login_state):
    page = new_page(browser, live, login_state, PHONES["phone-360"], logged_in=False)
    for path in ("/", "/glossary/?q=carcel", "/glossary/history", "/tm"):
        page.goto(path)
        expect(page.locator("main form[method=post]")).to_have_count(0)
        expect(page.locator("main input[type=file], main textarea")).to_have_count(0)
        expect(page.locator("table.glossary").get_by_role("link", name="Edit")).to_have_count(0)
    page.goto("/glossary/?q=carcel")
    page.get_by_role("link", name="Sign in to edit the glossary").click()
    sign_in(page, ADMIN, then=False)
    expect(page).to_have_url(re.compile(r"/glossary/\?q=carcel$"))
    expect(page.locator("table.glossary").get_by_role("link", name="Edit").first).to_be_visible()
    page.context.close()


def test_a_form_sent_after_the_session_ended_keeps_what_was_typed(browser, live, login_state):
    """Type an entry, the session ends meanwhile (signed out in another tab), press Add: sign in, then Send."""
    result = live.app.test_cli_runner().invoke(  # an account of its own: signing out ends all its sessions
        main, ["users", "create", "stale", "--role", "editor", "--password-stdin"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    page = new_page(browser, live, login_state, PHONES["phone-360"], logged_in=False)
    sign_in(page, "stale")
    page.goto("/glossary/?q=warden")
    page.locator("details.add-entry summary").click()
    form = page.locator("details.add-entry form")
    form.locator('input[name="source"]').fill("warden's deputy")
    form.locator('input[name="target"]').fill("subdirector del penal")
    form.locator('textarea[name="note"]').fill("Second in command of a prison.\nTyped before the session ended.")
    other = page.context.new_page()  # the same account signs out in another tab: this session ends too
    other.goto("/glossary/")
    other.locator("nav.account").get_by_role("button", name="Sign out").click()
    # the signed-out page has loaded before the tab closes: closing a tab in the middle of a navigation
    # is a wait without a timeout in Playwright, and hung CI runs here
    expect(other.get_by_role("button", name="Sign out")).to_have_count(0)
    other.close()
    page.bring_to_front()
    form.get_by_role("button", name="Add to glossary").click()
    expect(page.locator("h1")).to_have_text("Sign in")
    expect(page.locator("div.carried")).to_contain_text("subdirector del penal")
    expect(page.locator("div.carried")).to_contain_text("nothing was saved")
    violations = axe_violations(page, WCAG22)
    assert not violations, describe(violations)
    sign_in(page, "stale", then=False)
    expect(page.locator("h1")).to_have_text("Send your change")
    expect(page.locator("dl.carried")).to_contain_text("Typed before the session ended.")
    violations = axe_violations(page, WCAG22)
    assert not violations, describe(violations)
    page.get_by_role("button", name="Send").click()
    expect(page).to_have_url(re.compile(r"/glossary/\?q=warden.*#entry-\d+$"))
    entry = live.json("/api/glossary?q=warden%27s+deputy")["entries"][0]
    # as a form sends a textarea: line breaks as CR LF, the same as if it had been sent the first time
    assert (entry["target"], entry["note"]) == ("subdirector del penal",
                                                "Second in command of a prison.\r\nTyped before the session ended.")
    page.context.close()


def test_a_failed_import_shows_why_with_retry_and_delete(browser, live, login_state):
    page = new_page(browser, live, login_state, PHONES["phone-360"])
    page.goto("/")
    item = page.locator("li.article.failed")
    expect(item.locator(".title")).to_have_text("Page at 127.0.0.1")
    expect(item.locator(".reason")).to_contain_text("Could not connect to 127.0.0.1")
    expect(item.get_by_role("button", name="Retry")).to_be_visible()
    expect(item.get_by_role("link", name="Delete")).to_be_visible()
    item.locator(".title a").click()
    expect(page.locator("main")).to_contain_text("The page could not be imported")
    expect(page.locator("#reader, .download-menu, .omegat-upload")).to_have_count(0)
    page.goto("/?lang=es")
    expect(page.locator("li.article.failed .reason")).to_contain_text("No se pudo conectar con 127.0.0.1")
    page.context.close()
