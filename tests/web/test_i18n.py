"""Interface i18n: a complete Spanish catalog, Spanish pages, locale choice, `paralelo i18n`."""

from __future__ import annotations

import ast
import importlib
import io
import os
import re
import tempfile
from collections import Counter
from datetime import datetime
from functools import partial
from pathlib import Path

import lxml.html
import pytest
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner
from flask_babel import ngettext
from sqlalchemy import update

from app.accounts import users
from app.core.messages import N_, translated
from app.core.models import Article, Translation
from app.glossary.matcher import GlossaryError
from app.translation.engines import EngineError
from app.translation.engines.apertium import ApertiumEngine
from tests.support.app import make_app, wait_jobs

# The module, not the click group app.commands re-exports under the same name.
i18n_cli = importlib.import_module("app.cli.i18n")

PO = i18n_cli.CATALOGS / "es" / "LC_MESSAGES" / "messages.po"
# %(name)s-style placeholders and the %% escape: both must survive translation unchanged.
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdif%]")
ARTICLE = {
    "title": "A judge and a prison",
    "text": "The federal judge sent the inmate to prison.\n\n"
            "Human rights groups objected to the sentence.",
}


def compile_stale_catalogs(catalogs: Path) -> None:
    """Compile each .po whose .mo is missing (the .mo files are committed; see the test below)."""
    for po in catalogs.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if mo.exists():
            continue
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        fd, tmp = tempfile.mkstemp(dir=po.parent, suffix=".mo.tmp")
        with os.fdopen(fd, "wb") as out:
            write_mo(out, catalog)
        os.chmod(tmp, 0o644)  # not mkstemp's 0600: a server may run as another user
        os.replace(tmp, mo)  # atomic: a test run elsewhere in this tree never reads half a file


compile_stale_catalogs(i18n_cli.CATALOGS)


def read_catalog(path: Path, locale: str | None = "es") -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=locale)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return read_catalog(PO)


def forms(value) -> tuple[str, ...]:
    """The singular (and plural) of a msgid, or every form of a msgstr."""
    return value if isinstance(value, tuple) else (value,)


def messages(catalog: Catalog) -> list:
    return [m for m in catalog if m.id]


# ---- the catalog -----------------------------------------------------------------------------


def test_catalog_is_spanish_with_cldr_plural_forms(catalog):
    assert str(catalog.locale) == "es"
    assert catalog.plural_forms == get_plural("es").plural_forms
    assert not catalog.fuzzy


def test_every_message_is_translated_without_fuzzy_flags(catalog):
    untranslated = [m.id for m in messages(catalog) if not all(s.strip() for s in forms(m.string))]
    fuzzy = [m.id for m in messages(catalog) if m.fuzzy]
    wrong_forms = [m.id for m in messages(catalog)
                   if m.pluralizable and len(m.string) != catalog.num_plurals]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"
    assert not wrong_forms, f"need {catalog.num_plurals} plural forms: {wrong_forms}"


def test_placeholders_survive_translation(catalog):
    wrong = []
    for m in messages(catalog):
        expected = Counter(PLACEHOLDER.findall(forms(m.id)[-1]))
        wrong += [(m.id, s) for s in forms(m.string) if Counter(PLACEHOLDER.findall(s)) != expected]
    assert not wrong, wrong
    assert not [(m.id, errors) for m, errors in catalog.check()]


def test_catalog_holds_exactly_the_strings_in_the_code(catalog, tmp_path):
    """A new _() string fails here until `paralelo i18n extract && update` and a translation."""
    template = tmp_path / "messages.pot"
    i18n_cli.extract_to(template, quiet=True)
    in_code = {m.id for m in messages(read_catalog(template, locale=None))}
    in_catalog = {m.id for m in messages(catalog)}
    hint = "run `paralelo i18n extract && paralelo i18n update`, translate, and commit the .po"
    new, gone = sorted(in_code - in_catalog, key=str), sorted(in_catalog - in_code, key=str)
    assert not new, f"missing from the es catalog ({hint}): {new}"
    assert not gone, f"no longer in the code ({hint}): {gone}"


# ---- every page in Spanish -------------------------------------------------------------------


def visible_text(html: bytes) -> str:
    """What a reader of the Spanish interface sees or hears, minus whatever is marked lang="en"."""
    doc = lxml.html.document_fromstring(html)
    # The language switcher's "English" and the article's English column are English on purpose.
    for el in doc.xpath('//script | //style | //body//*[@lang="en"]'):
        el.drop_tree()
    parts = [doc.text_content()]
    parts += [v for el in doc.iter() for k, v in el.attrib.items()
              if k in ("title", "aria-label", "placeholder")]
    # The post-editor's labels reach the page through data attributes read by paralelo.js.
    parts += [v for el in doc.xpath('//*[@id="messages"]') for k, v in el.attrib.items()
              if k.startswith("data-") and not v.startswith("/")]
    return " ".join(" ".join(parts).split())


def has_phrase(phrase: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text) is not None


def english_phrases(catalog: Catalog) -> set[str]:
    """The English text of every msgid (split at placeholders), except what Spanish also says."""
    spanish = " ".join(PLACEHOLDER.sub(" ", s) for m in messages(catalog) for s in forms(m.string))
    phrases = set()
    for m in messages(catalog):
        for msgid in forms(m.id):
            for piece in PLACEHOLDER.split(msgid):
                piece = piece.strip(" .,:;“”'\"()…—")
                # "Error", "plural", "XLIFF 2.0": legitimately the same in both languages.
                if len(piece) > 3 and not has_phrase(piece, spanish):
                    phrases.add(piece)
    return phrases


def strings_in(value) -> list[str]:
    """Every string inside a JSON value: the data a page shows."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


@pytest.fixture
def article(app, client):
    """An article translated by the fake engine, with one sentence corrected by a person."""
    created = client.post("/api/articles", json=ARTICLE).get_json()
    wait_jobs(app)
    data = client.get(f"/api/articles/{created['id']}").get_json()
    seg = data["segments"][0]
    url = f"/api/articles/{data['id']}/segments/{seg['id']}"
    edited = client.put(url, json={"text": "El juez federal."})
    assert edited.status_code == 200
    return client.get(f"/api/articles/{created['id']}").get_json()


def reader_data(client, article) -> list[str]:
    """The article, its translations and the glossary entries of its terms (shown in tooltips)."""
    entries = {t["entry"] for s in article["segments"] for t in s["terms"] if t.get("entry")}
    shown = [client.get(f"/api/glossary/{e}").get_json() for e in entries]
    return strings_in(article) + strings_in(shown)


def history_data(client) -> list[str]:
    changes = client.get("/api/glossary/history").get_json()["changes"]
    sides = [side for c in changes for side in (c["before"], c["after"]) if side]
    return [c["who"] for c in changes] + [side[k] for side in sides for k in ("source", "target")]


def pages(client, article) -> dict[str, tuple[str, list[str]]]:
    """Every HTML page: name -> (URL, the data it shows, which may be English)."""
    one = client.get("/api/glossary?q=iron+fist").get_json()["entries"][0]
    everything = client.get("/api/glossary").get_json()["entries"]
    return {
        "index": ("/", [article["title"], article["target_lang"]]),
        "reader": (f"/articles/{article['slug']}", reader_data(client, article)),
        "glossary": ("/glossary/", strings_in(everything)),
        "glossary search": ("/glossary/?q=iron+fist", strings_in(one)),
        "glossary edit": (f"/glossary/{one['id']}/edit", strings_in(one)),
        "glossary history": ("/glossary/history", history_data(client)),
        "engines": ("/engines", strings_in(client.get("/api/engines").get_json())),
        "no such article": ("/articles/no-such-article", ["no-such-article"]),
        "no such address": ("/no/such/address", []),
    }


PAGE_NAMES = ["index", "reader", "glossary", "glossary search", "glossary edit", "glossary history",
              "engines", "no such article", "no such address"]


def get_spanish(client, url: str):
    return client.get(f"{url}{'&' if '?' in url else '?'}lang=es")


def assert_spanish(resp, catalog: Catalog, data: list[str]) -> None:
    """The page is marked Spanish and shows no English msgid, unless that text is the page's data."""
    assert b'<html lang="es"' in resp.data
    text, shown_data = visible_text(resp.data), "\n".join(data)
    leftovers = sorted(p for p in english_phrases(catalog)
                       if has_phrase(p, text) and not has_phrase(p, shown_data))
    assert not leftovers, f"English interface text on the Spanish page {resp.request.path}: {leftovers}"


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_page_shows_no_english_interface_text_in_spanish(client, article, catalog, page):
    url, data = pages(client, article)[page]
    resp = get_spanish(client, url)
    assert resp.status_code == (404 if page.startswith("no such") else 200)
    assert_spanish(resp, catalog, data)


def test_the_check_sees_english_pages(client, article, catalog):
    """The same check on the English page finds the interface strings, so it is not vacuous."""
    url, data = pages(client, article)["reader"]
    text = visible_text(client.get(f"{url}?lang=en").data)
    found = {p for p in english_phrases(catalog) if has_phrase(p, text)}
    assert {"Side by side", "Written by a computer program", "Could not save"} <= found


def test_spanish_plural_forms_on_the_glossary_page(client):
    total = len(client.get("/api/glossary").get_json()["entries"])
    assert "1 entrada ·" in visible_text(client.get("/glossary/?q=iron+fist&lang=es").data)
    assert f"{total} entradas ·" in visible_text(client.get("/glossary/?lang=es").data)


@pytest.fixture
def admin_client(tmp_path, fake_engine):
    """A client logged in as an admin of an app with accounts on, with one API token made."""
    app = make_app(tmp_path, {"fake": fake_engine}, AUTH="on")
    with app.extensions["paralelo.db"]() as session:
        users.create_user(session, "root", "admin", password="correct horse battery")
        users.create_user(session, "ed", "editor", password="correct horse battery")
        session.commit()
    client = app.test_client()
    client.get("/login?lang=es")  # the lang cookie makes every later page Spanish
    assert client.post("/login", data={"username": "root", "password": "correct horse battery"}).status_code == 303
    assert client.post("/account/tokens", data={"name": "laptop"}).status_code == 200  # shown in the page
    yield client
    app.extensions["paralelo.jobs"].shutdown()


@pytest.mark.parametrize("url, data", [("/account", ["root", "laptop"]), ("/users", ["root", "ed"])])
def test_account_pages_show_no_english_interface_text_in_spanish(admin_client, catalog, url, data):
    resp = admin_client.get(url)
    assert resp.status_code == 200
    assert_spanish(resp, catalog, data)


def test_login_page_in_spanish(tmp_path, fake_engine, catalog):
    app = make_app(tmp_path, {"fake": fake_engine}, AUTH="on")
    resp = get_spanish(app.test_client(), "/login")
    assert resp.status_code == 200
    assert_spanish(resp, catalog, [])
    app.extensions["paralelo.jobs"].shutdown()


# ---- choosing the locale ---------------------------------------------------------------------


def html_lang(resp) -> str:
    return lxml.html.document_fromstring(resp.data).get("lang")


def lang_cookies(resp) -> list[str]:
    """The lang=... cookies a response sets (the CSRF session cookie is not our business here)."""
    cookies = [c.split(";")[0] for c in resp.headers.getlist("Set-Cookie")]
    return [c for c in cookies if c.startswith("lang=")]


def test_lang_parameter_sticks_in_a_cookie(client):
    resp = client.get("/?lang=es")
    assert html_lang(resp) == "es" and lang_cookies(resp) == ["lang=es"]
    later = client.get("/glossary/")
    assert html_lang(later) == "es" and "Glosario" in visible_text(later.data)
    back = client.get("/?lang=en")
    assert html_lang(back) == "en" and html_lang(client.get("/engines")) == "en"


def test_accept_language_chooses_spanish(client):
    resp = client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9"})
    assert html_lang(resp) == "es" and "Agregar un artículo" in visible_text(resp.data)
    assert html_lang(client.get("/", headers={"Accept-Language": "fr-FR,en;q=0.5"})) == "en"


def test_unknown_lang_falls_back_to_english_quietly(client):
    resp = client.get("/?lang=xx")
    assert resp.status_code == 200 and html_lang(resp) == "en"
    assert lang_cookies(resp) == []
    assert "Add an article" in visible_text(resp.data)


def test_api_errors_follow_the_locale(client, catalog):
    resp = client.get("/api/articles/999?lang=es")
    expected = catalog["No article with id %(id)s."].string % {"id": 999}
    assert resp.status_code == 404 and resp.get_json() == {"error": expected}
    assert "artículo" in expected
    resp = client.post("/api/articles?lang=es", data="not json")
    expected = catalog["Send a JSON object with Content-Type: application/json."].string
    assert resp.status_code == 400 and resp.get_json()["error"] == expected


# ---- messages from the domain modules --------------------------------------------------------


def es(catalog: Catalog, msgid: str, **params) -> str:
    """The catalog's Spanish for msgid, filled in as gettext does."""
    return catalog[msgid].string % params if params else catalog[msgid].string


def test_user_errors_read_in_english_and_translate_with_their_values(catalog):
    error = GlossaryError(N_("line %(line)s: %(error)s"), line=4,
                          error=GlossaryError(N_("The source term must not be empty.")))
    assert str(error) == "line 4: The source term must not be empty."
    assert translated(error, partial(es, catalog)) == "línea 4: El término en inglés no puede estar vacío."
    assert translated(OSError("disk full"), partial(es, catalog)) == "disk full"
    assert isinstance(EngineError(N_("No such file: %(path)s"), path="x"), RuntimeError)  # caught as before


def name_of(node: ast.expr) -> str:
    """`X` for both `X` and `module.X`."""
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")


def user_error_names(trees: list[ast.Module]) -> set[str]:
    """UserError and every class in the code that derives from it."""
    classes = [node for tree in trees for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    names, grown = {"UserError"}, True
    while grown:
        found = {c.name for c in classes if any(name_of(base) in names for base in c.bases)}
        grown, names = not found <= names, names | found
    return names


def test_domain_errors_are_raised_with_translatable_templates():
    """A UserError built from a plain string or an f-string would reach Spanish pages in English."""
    paths = sorted((i18n_cli.ROOT / "app").rglob("*.py"))
    trees = [ast.parse(path.read_text("utf-8")) for path in paths]
    names, unmarked = user_error_names(trees), []
    for path, tree in zip(paths, trees, strict=True):
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
                if name_of(node.exc.func) in names and isinstance(node.exc.args[0], ast.JoinedStr | ast.Constant):
                    unmarked.append(f"{path.name}:{node.lineno}")
    assert {"ArticleError", "ConflictError", "EngineError", "NotFound", "NotReady"} <= names
    assert not unmarked, f"use N_() with %(name)s placeholders: {unmarked}"


def test_api_errors_from_the_domain_follow_the_locale(app, catalog):
    english = app.test_client().post("/api/articles", json={"text": ""})
    assert english.status_code == 400 and english.get_json() == {"error": "The article is empty."}
    spanish = app.test_client().post("/api/articles?lang=es", json={"text": ""})
    assert spanish.status_code == 400 and spanish.get_json() == {"error": es(catalog, "The article is empty.")}


def test_glossary_conflicts_follow_the_locale_in_the_api_and_in_forms(client, catalog):
    entry = client.get("/api/glossary?q=iron+fist").get_json()["entries"][0]
    msgid = "An entry for '%(source)s' already exists (id %(id)s); edit it instead."
    duplicate = {"source": entry["source"].upper(), "target": "x"}
    english, spanish = (msgid % {"source": duplicate["source"], "id": entry["id"]},
                        es(catalog, msgid, source=duplicate["source"], id=entry["id"]))
    assert "Ya existe una entrada" in spanish

    resp = client.post("/api/glossary", json=duplicate)
    assert resp.status_code == 409 and resp.get_json()["error"] == english
    page = visible_text(client.post("/glossary/", data=duplicate, follow_redirects=True).data)
    assert english in page

    resp = client.post("/api/glossary?lang=es", json=duplicate)
    assert resp.status_code == 409 and resp.get_json() == {"error": spanish, "current": entry}
    page = visible_text(client.post("/glossary/?lang=es", data=duplicate, follow_redirects=True).data)
    assert spanish in page and english not in page


def test_flashed_article_errors_follow_the_locale(client, catalog):
    page = visible_text(client.post("/articles?lang=es", data={"text": " "}, follow_redirects=True).data)
    assert es(catalog, "The article is empty.") in page and "The article is empty." not in page


def test_glossary_import_problems_follow_the_locale(client, catalog):
    def upload():
        return {"file": (io.BytesIO(b"yard\tpatio\n\tbad\n"), "g.tsv")}

    english = client.post("/api/glossary/import", data=upload(), content_type="multipart/form-data")
    assert english.get_json()["errors"] == ["line 2: The source term must not be empty."]
    spanish = client.post("/api/glossary/import?lang=es", data=upload(), content_type="multipart/form-data")
    assert spanish.get_json()["errors"] == ["línea 2: El término en inglés no puede estar vacío."]
    page = client.post("/glossary/import", data=upload(), content_type="multipart/form-data", follow_redirects=True)
    assert "Se omitió: línea 2: El término en inglés no puede estar vacío." in visible_text(page.data)


def test_retranslation_notice_uses_spanish_plural_forms(app, client, article):
    resp = client.post("/glossary/?lang=es", data={"source": "objected", "target": "se opusieron"},
                       follow_redirects=True)
    assert "Se agregó “objected”. Se está volviendo a traducir 1 oración." in visible_text(resp.data)
    with app.test_request_context("/?lang=es"):
        many = ngettext("%(num)s sentence is being re-translated.", "%(num)s sentences are being re-translated.", 2)
    assert many == "Se están volviendo a traducir 2 oraciones."


def set_article(app, article_id: int, **values) -> None:
    with app.extensions["paralelo.db"]() as session:
        session.execute(update(Article).where(Article.id == article_id).values(**values))
        session.commit()


def test_reader_progress_and_engine_failure_in_spanish(app, client, article):
    url = f"/articles/{article['slug']}"
    set_article(app, article["id"], status="translating", progress=0.5)
    assert "Traduciendo… 50 %" in visible_text(get_spanish(client, url).data)
    assert "Translating… 50%" in visible_text(client.get(f"{url}?lang=en").data)
    error = "Apertium eng-spa is not installed: apt-get install apertium apertium-eng-spa"
    set_article(app, article["id"], status="failed", error=error)
    resp = get_spanish(client, url)
    # The engine's message is stored in English: shown as such, marked lang="en", after a Spanish sentence.
    assert "No se pudo hacer la traducción. Detalles técnicos (en inglés):" in visible_text(resp.data)
    assert f'<span lang="en">{error}</span>' in resp.get_data(as_text=True)


def test_engine_labels_are_translated_and_install_commands_kept(tmp_path, fake_engine):
    missing = ApertiumEngine(binary="/nonexistent/apertium")
    app = make_app(tmp_path, {"apertium": missing, "fake": fake_engine})
    text = visible_text(get_spanish(app.test_client(), "/engines").data)
    assert "Apertium (basado en reglas)" in text and "Apertium (rule-based)" not in text
    assert "instálelo con: apt-get install apertium apertium-eng-spa" in text
    app.extensions["paralelo.jobs"].shutdown()


def test_built_in_accounts_have_spanish_labels(client, article):
    history = visible_text(get_spanish(client, "/glossary/history").data)
    assert "glosario incluido" in history and "bundle" not in history.split()
    reader = get_spanish(client, f"/articles/{article['slug']}").get_data(as_text=True)
    assert 'title="Corregida por usuario local"' in reader


# ---- dates -----------------------------------------------------------------------------------


def test_reader_dates_use_the_interface_locale(app, client, article):
    when = datetime(2025, 1, 15, 14, 30)
    with app.extensions["paralelo.db"]() as session:
        machine = update(Translation).where(Translation.origin == "machine")
        session.execute(machine.values(created_at=when))
        session.commit()
    url = f"/articles/{article['slug']}"
    spanish, english = (visible_text(client.get(f"{url}?lang={lg}").data) for lg in ("es", "en"))
    es_date, en_date = (format_date(when, "long", locale=lang) for lang in ("es", "en"))
    assert es_date == "15 de enero de 2025" and en_date == "January 15, 2025"
    assert f", {es_date})" in spanish and es_date not in english  # in the machine-translation notice
    assert f", {en_date})" in english and en_date not in spanish


# ---- `paralelo i18n` -------------------------------------------------------------------------


@pytest.fixture
def catalogs(tmp_path, monkeypatch) -> Path:
    """A scratch translations/ directory for the commands that write catalogs."""
    monkeypatch.setattr(i18n_cli, "CATALOGS", tmp_path)
    monkeypatch.setattr(i18n_cli, "TEMPLATE", tmp_path / "messages.pot")
    return tmp_path


def write_catalog(path: Path, entries: dict[str, str], locale: str | None = "es") -> None:
    catalog = Catalog(locale=locale, fuzzy=False)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog)


def test_update_adds_new_strings_without_fuzzy_guesses(catalogs):
    template = {"Save the entry": "", "Save the entries": ""}
    write_catalog(catalogs / "messages.pot", template, locale=None)
    po = catalogs / "es" / "LC_MESSAGES" / "messages.po"
    write_catalog(po, {"Save the entry": "Guardar la entrada"})
    result = CliRunner().invoke(i18n_cli.i18n, ["update"])
    assert result.exit_code == 0, result.output
    updated = read_catalog(po)
    assert updated["Save the entry"].string == "Guardar la entrada"
    assert updated["Save the entries"].string == "" and not updated["Save the entries"].fuzzy


def test_init_and_compile_a_new_language(catalogs):
    write_catalog(catalogs / "messages.pot", {"Save": ""}, locale=None)
    runner = CliRunner()
    assert runner.invoke(i18n_cli.i18n, ["init", "pt-BR"]).exit_code == 0
    po = catalogs / "pt_BR" / "LC_MESSAGES" / "messages.po"
    assert str(read_catalog(po, locale=None).locale) == "pt_BR"
    assert runner.invoke(i18n_cli.i18n, ["compile"]).exit_code == 0
    assert po.with_suffix(".mo").is_file()


@pytest.mark.parametrize("lang, message", [("es", "already exists"), ("zz_QQ", "Unknown language")])
def test_init_refuses_bad_or_existing_languages(lang, message):
    result = CliRunner().invoke(i18n_cli.i18n, ["init", lang])
    assert result.exit_code == 2 and message in result.output


def test_compile_errors_exit_2(catalogs):
    bad = {"%(n)s entries": "%(count)s entradas"}  # a placeholder the code never passes
    write_catalog(catalogs / "es" / "LC_MESSAGES" / "messages.po", bad)
    result = CliRunner().invoke(i18n_cli.i18n, ["compile"])
    assert result.exit_code == 2 and "pybabel compile failed" in result.output


def test_update_without_a_template_exits_2(catalogs):
    result = CliRunner().invoke(i18n_cli.i18n, ["update"])
    assert result.exit_code == 2 and "paralelo i18n extract" in result.output


def test_committed_mo_matches_the_po():
    """The compiled catalog is committed (a wheel or a fresh clone needs no build step): keep it in step."""
    from babel.messages.mofile import read_mo

    for po in sorted(i18n_cli.CATALOGS.glob("*/LC_MESSAGES/messages.po")):
        def pairs(messages):
            as_tuple = lambda v: tuple(v) if isinstance(v, list | tuple) else v  # noqa: E731
            return {as_tuple(m.id): as_tuple(m.string) for m in messages if m.id}

        with po.open("rb") as f:
            source = pairs(read_po(f))
        with po.with_suffix(".mo").open("rb") as f:
            compiled = pairs(read_mo(f))
        assert compiled == source, f"run `paralelo i18n compile` and commit {po.with_suffix('.mo')}"
