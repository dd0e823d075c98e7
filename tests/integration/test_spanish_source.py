"""A Spanish article read in English: imported (given or detected), translated with Apertium spa-eng with the
glossary enforced in reverse, read, looked up, post-edited and exported like an English one.

The article is one of Paralelo's own Spanish test texts (bench/data/bilingual/spanish_source), written for
this purpose; the exports are checked with the same tools as English ones (xmllint against Debian OmegaT's
schemas, OmegaT itself in console mode)."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from lxml import etree
from sqlalchemy import select

from app.core.models import TMUnit
from tests.support.app import make_app, wait_jobs
from tests.support.page_server import serve
from tests.support.paths import ROOT
from tests.unit.interchange.test_omegat import run_omegat, unpack
from tests.unit.interchange.test_validation import schemas, xmllint  # noqa: F401  (a fixture)

pytestmark = pytest.mark.apertium
SPANISH = ROOT / "bench" / "data" / "bilingual" / "spanish_source"


@pytest.fixture
def app(tmp_path, apertium):
    app = make_app(tmp_path, {"apertium": apertium})
    yield app
    app.extensions["paralelo.jobs"].shutdown()


def imported(app, text: str, **fields) -> dict:
    client = app.test_client()
    response = client.post("/api/articles", json={"text": text, **fields})
    assert response.status_code == 202, response.get_json()
    wait_jobs(app, 120)
    article = client.get(f"/api/articles/{response.get_json()['id']}").get_json()
    assert article["status"] == "ready", article["error"]
    return article


def test_a_spanish_article_is_detected_and_read_in_english(app):
    article = imported(app, (SPANISH / "familias_penal_mariona.es.txt").read_text("utf-8"))
    assert (article["source_lang"], article["target_lang"]) == ("es", "en")
    segments = article["segments"]
    byline = next(s for s in segments if s["kind"] == "byline")
    assert byline["target"] == "By José Antonio Rivas · Published Feb. 14, 2026"
    assert byline["origin"] == "template"
    terms = [t for s in segments for t in s["terms"] if t["kind"] == "translate"]
    # the glossary enforced backwards: every matched Spanish term has its English in the output
    assert terms and all(t["status"] == "enforced" for t in terms)
    assert {"inmates", "gang member", "state of emergency"} <= {t["target"] for t in terms}
    assert any("gang member" in s["target"] for s in segments)
    assert all(s["engine"] in ("apertium", None) for s in segments)


def test_pandilleros_become_gang_members_and_prices_dollars(app):
    text = ("Liberan a pandilleros\n\nLos pandilleros detenidos el 16 de marzo de 2026 pagaron 40.000 dólares. "
            "Las reclusas esperan a la jueza.")
    article = imported(app, text, source_lang="es")
    body = " ".join(s["target"] for s in article["segments"])
    assert "gang members" in body.lower() and "March 16, 2026" in body and "$40,000" in body
    assert "inmates" in body


def test_a_spanish_page_by_url_and_the_form_with_source_lang(tmp_path, apertium):
    app = make_app(tmp_path, {"apertium": apertium}, FETCH_ALLOW_PRIVATE=True, FETCH_TIMEOUT=5)
    client = app.test_client()
    try:
        with serve() as server:  # a Spanish news page (tests/fixtures/pages), its language detected when read
            response = client.post("/api/articles", json={"url": server + "/pages/edicion_final_clausura.html"})
            assert response.status_code == 202 and response.get_json()["status"] == "fetching"
            wait_jobs(app, 120)
        by_url = client.get(f"/api/articles/{response.get_json()['id']}").get_json()
        assert by_url["status"] == "ready", by_url["error"]
        assert (by_url["source_lang"], by_url["target_lang"]) == ("es", "en")
        assert by_url["title"].startswith("Alianza vence al FAS") and len(by_url["segments"]) > 10
        form = client.post("/articles", data={"text": "Liberan a pandilleros\n\nLos reclusos esperan.",
                                              "source_lang": "es"})
        assert form.status_code == 303
        wait_jobs(app, 60)
        slug = form.headers["Location"].rsplit("/", 1)[-1]
        by_form = next(a for a in client.get("/api/articles").get_json()["articles"] if a["slug"] == slug)
        assert (by_form["source_lang"], by_form["target_lang"]) == ("es", "en")
    finally:
        app.extensions["paralelo.jobs"].shutdown()


def test_unknown_spanish_words_are_flagged(app):
    article = imported(app, "Liberan a los presos\n\nLos presos cruzaron el zumbadero con sus xolotrenes. "
                            "La jueza esperó en la cárcel.", source_lang="es")
    unknown = {s["source"]: s["unknown"] for s in article["segments"]}
    assert unknown["Los presos cruzaron el zumbadero con sus xolotrenes."] == ["zumbadero", "xolotrenes"]
    assert unknown["La jueza esperó en la cárcel."] == []
    page = app.test_client().get(f"/articles/{article['slug']}").get_data(as_text=True)
    assert "has-unknown" in page and "?only=unknown" in page


def test_lookup_works_from_spanish_words(app):
    client = app.test_client()
    senses = client.get("/api/lookup?word=reclusas&lang=es").get_json()["senses"]
    assert any(t["text"] == "prisoner" for s in senses for t in s["translations"])
    glossary = client.get("/api/lookup?word=pandilleros&lang=es").get_json()["glossary"]  # the glossary in reverse
    assert glossary and glossary[0]["whole"] and glossary[0]["rendering"] == "gang members"
    assert client.get("/api/lookup?word=reclusas&lang=fr").status_code == 400
    assert client.get("/api/lookup?word=x%20y&lang=es").status_code == 400


def test_post_edit_reader_and_exports(app, schemas, tmp_path):  # noqa: F811
    article = imported(app, (SPANISH / "sala_habeas_corpus_detenida.es.txt").read_text("utf-8"), source_lang="es")
    client = app.test_client()
    seg = article["segments"][3]
    edited = client.put(f"/api/articles/{article['id']}/segments/{seg['id']}", json={"text": "An edited sentence."})
    assert edited.status_code == 200 and edited.get_json()["origin"] == "human"
    with app.extensions["paralelo.db"]() as session:
        unit = session.scalars(select(TMUnit).where(TMUnit.target == "An edited sentence.")).one()
        assert unit.locale == "en"
    page = client.get(f"/articles/{article['slug']}").get_data(as_text=True)
    assert re.search(r'class="col en source original" lang="es"', page)
    assert re.search(r'class="col es target" lang="en"', page)
    assert 'data-source-lang="es"' in page and "Spanish only" in page

    def export(fmt: str) -> bytes:
        response = client.get(f"/api/articles/{article['id']}/export?format={fmt}")
        assert response.status_code == 200
        return response.data

    tmx = tmp_path / "a.tmx"
    tmx.write_bytes(export("tmx"))
    assert xmllint("--dtdvalid", str(schemas / "tmx14.dtd"), str(tmx)).returncode == 0
    header = etree.parse(str(tmx)).find("header")
    assert header.get("srclang") == "es"
    xliff = etree.fromstring(export("xliff"))
    file = xliff.find("{urn:oasis:names:tc:xliff:document:1.2}file")
    assert (file.get("source-language"), file.get("target-language")) == ("es", "en")
    xliff2 = etree.fromstring(export("xliff2"))
    assert (xliff2.get("srcLang"), xliff2.get("trgLang")) == ("es", "en")
    lines = [json.loads(line) for line in export("jsonl").decode().splitlines()]
    assert {(r["source_lang"], r["target_lang"]) for r in lines} == {("es", "en")}
    with zipfile.ZipFile(io.BytesIO(export("txt"))) as archive:
        assert sorted(archive.namelist()) == sorted([f"{article['slug']}.es.txt", f"{article['slug']}.en.txt"])
    html = export("html").decode()
    assert 'lang="es"' in html

    project = unpack(export("omegat"), tmp_path / "project")
    settings = (project / "omegat.project").read_text()
    assert "<source_lang>es</source_lang>" in settings and "<target_lang>en</target_lang>" in settings
    assert "LuceneSpanishTokenizer</source_tok>" in settings
    (tmp_path / "omegat.project").write_text(settings)
    checked = xmllint("--schema", str(schemas / "project_properties.xsd"), str(tmp_path / "omegat.project"))
    assert checked.returncode == 0
    target = run_omegat(project, tmp_path / "omegat-config")  # OmegaT opens it with Spanish as the source
    source_lines = (project / "source" / f"{article['slug']}.txt").read_text("utf-8").split("\n")
    target_lines = target.read_text("utf-8").split("\n")
    assert len(target_lines) == len(source_lines)
    ours = {s["target"] for s in client.get(f"/api/articles/{article['id']}").get_json()["segments"]}
    filled = [t in ours for s, t in zip(source_lines, target_lines, strict=True) if s.strip()]
    assert sum(filled) >= 0.9 * len(filled), f"OmegaT filled {sum(filled)} of {len(filled)}"
