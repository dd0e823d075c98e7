"""Translation memory through the API, the web forms and the CLI; engine alternatives."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from app.cli import main
from app.core.models import Article
from app.interchange import exports
from app.interchange.omegat import source_text
from app.translation import memory, pipeline, postedit
from app.translation.engines.apertium_words import word_choices
from app.translation.engines.argos import ArgosEngine
from tests.support.app import store_text
from tests.support.argos_model import build_argosmodel

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header creationtool="Trados" creationtoolversion="1" segtype="sentence" o-tmf="x"
 adminlang="en-US" srclang="en-US" datatype="plaintext"/><body>
<tu tuid="a" creationdate="20240102T030405Z" creationid="maria"><note>from the style guide</note>
 <tuv xml:lang="en-US"><seg>The prison holds <bpt i="1">&lt;b&gt;</bpt>40,000<ept i="1">&lt;/b&gt;</ept>
 inmates.</seg></tuv>
 <tuv xml:lang="es-MX"><seg>La cárcel alberga a 40,000 reos.</seg></tuv></tu>
<tu tuid="b"><tuv xml:lang="en-US"><seg>The prison holds 40,000 inmates.</seg></tuv>
 <tuv xml:lang="es-MX"><seg>La cárcel alberga a 40,000 reos.</seg></tuv></tu>
<tu tuid="c"><tuv xml:lang="en-US"><seg>Only English here.</seg></tuv>
 <tuv xml:lang="fr"><seg>Seulement.</seg></tuv></tu>
<tu tuid="d"><tuv xml:lang="en-US"><seg>  </seg></tuv><tuv xml:lang="es"><seg>Vacío.</seg></tuv></tu>
</body></tmx>""".encode()


def upload(data: bytes, name: str = "memory.tmx", **fields):
    return {"file": (io.BytesIO(data), name), **fields}


def translated_article(app, text, engine):
    with app.extensions["paralelo.db"]() as session:
        article = store_text(session, text, target_lang="es-419")
        pipeline.translate_segments(session, article, list(article.segments), engine)
        article.status = "ready"
        session.commit()
        return article.id


def test_api_import_reports_every_unit_and_export_gives_it_back(client):
    response = client.post("/api/tm/import", data=upload(TMX), content_type="multipart/form-data")
    assert response.status_code == 200
    report = response.get_json()
    assert (report["added"], report["duplicates"], report["skipped"]) == (1, 1, 2)
    by_tuid = {u["tuid"]: u for u in report["units"]}
    assert by_tuid["a"]["status"] == "added" and by_tuid["a"]["locale"] == "es-MX"
    assert by_tuid["b"]["status"] == "duplicate"  # the inline codes are gone: same text
    assert by_tuid["c"]["reason"] == "no Spanish text" and by_tuid["d"]["reason"] == "empty text"

    exported = client.get("/api/tm/export")
    assert exported.status_code == 200 and exported.mimetype == "application/x-tmx+xml"
    root = etree.fromstring(exported.data)
    assert b"<!DOCTYPE" not in exported.data
    [tu] = root.findall("body/tu")
    segs = [s.text for s in tu.iter("seg")]
    assert segs == ["The prison holds 40,000 inmates.", "La cárcel alberga a 40,000 reos."]
    assert tu.get("creationid") == "maria" and tu.findtext("note") == "from the style guide"
    again = client.post("/api/tm/import", data=upload(exported.data), content_type="multipart/form-data")
    assert again.get_json()["duplicates"] == 1 and again.get_json()["added"] == 0


@pytest.mark.parametrize("data, status", [
    (None, 400), (b"not xml", 400), (b"<html><body/></html>", 400),
])
def test_api_import_refuses_what_is_not_tmx(client, data, status):
    form = upload(data) if data is not None else {}
    response = client.post("/api/tm/import", data=form, content_type="multipart/form-data")
    assert response.status_code == status and response.get_json()["error"]


def test_api_import_with_an_unknown_locale_is_400(client):
    response = client.post("/api/tm/import", data=upload(TMX, locale="xx"), content_type="multipart/form-data")
    assert response.status_code == 400


def test_web_form_and_page(client):
    response = client.post("/tm/import", data=upload(TMX, locale="es-419"), content_type="multipart/form-data")
    assert response.status_code == 303
    page = client.get("/tm").get_data(as_text=True)
    assert "es-419" in page and "import" in page and "Unit 3 skipped" in page


def test_suggestions_show_fuzzy_matches_with_numbers_adapted(app, client, seed_text, fake_engine):
    article_id = translated_article(app, seed_text, fake_engine)
    with app.extensions["paralelo.db"]() as session:
        seg = next(s for s in session.get(Article, article_id).segments if "40,000 inmates" in s.source)
        changed = seg.source.replace("40,000", "30,000").replace("eight", "nine")
        memory.remember(session, changed, "Tiene nueve pabellones y alberga a 30,000 reos.", "es-419", "import",
                    author="maria")
        session.commit()
        seg_id = seg.id
    response = client.get(f"/api/articles/{article_id}/segments/{seg_id}/suggestions")
    assert response.status_code == 200
    data = response.get_json()
    [best] = data["tm"]
    assert 75 <= best["score"] < 100 and best["author"] == "maria"
    assert best["target"] == "Tiene nueve pabellones y alberga a 40,000 reos."
    assert {"from": "30,000", "to": "40,000"} in best["adapted"]
    assert any(d["op"] == "replace" and d["tm"] == "nine" and d["text"] == "eight" for d in best["diff"])
    assert data["engines"] == []  # the fake engine offers none
    fake_engine.alternatives = lambda sentence, n: [{"text": f"ALT{i}"} for i in range(5)]
    offered = client.get(f"/api/articles/{article_id}/segments/{seg_id}/suggestions").get_json()["engines"]
    assert offered == [{"engine": "fake", "text": f"ALT{i}"} for i in range(3)]  # at most 3 an engine
    assert client.get(f"/api/articles/{article_id}/segments/999999/suggestions").status_code == 404


def test_omegat_upload_through_the_api(app, client, seed_text, fake_engine):
    article_id = translated_article(app, seed_text, fake_engine)
    with app.extensions["paralelo.db"]() as session:
        article = session.get(Article, article_id)
        lines = source_text(exports.build_doc(article)).split("\n")
        ours = iter(s.current.text for s in article.segments)
        target = "\n".join(next(ours) if line.strip() else "" for line in lines)
        slug = article.slug
    response = client.post(f"/api/articles/{article_id}/omegat", data=upload(target.encode(), "t.txt"),
                           content_type="multipart/form-data")
    assert response.status_code == 200
    assert len(response.get_json()["confirmed"]) == 37
    bad = client.post(f"/api/articles/{article_id}/omegat", data=upload(b"one line", "t.txt"),
                      content_type="multipart/form-data")
    assert bad.status_code == 400 and "lines" in bad.get_json()["error"]
    reader = client.get(f"/articles/{slug}")
    assert "Translated in OmegaT" in reader.get_data(as_text=True)


def test_cli_import_export_and_omegat(app, runner, tmp_path, seed_text, fake_engine):
    path = tmp_path / "in.tmx"
    path.write_bytes(TMX)
    result = runner.invoke(main, ["tm", "import", str(path), "--locale", "es-419", "-v"])
    assert result.exit_code == 0, result.output
    assert "1 added, 1 duplicates, 2 skipped" in result.output
    out = tmp_path / "out.tmx"
    result = runner.invoke(main, ["tm", "export", "-o", str(out)])
    assert result.exit_code == 0 and b"La c\xc3\xa1rcel alberga" in out.read_bytes()
    bad = tmp_path / "bad.tmx"
    bad.write_text("nope")
    assert runner.invoke(main, ["tm", "import", str(bad)]).exit_code == 2
    article_id = translated_article(app, seed_text, fake_engine)
    assert runner.invoke(main, ["tm", "import-omegat", str(article_id), str(bad)]).exit_code == 2
    with app.extensions["paralelo.db"]() as session:
        article = session.get(Article, article_id)
        postedit.save(session, article.segments[2], "Editado después.", who="ana")
        session.commit()
        lines = source_text(exports.build_doc(article)).split("\n")
        target = "\n".join(("Otra versión." if i == 4 else line) if line.strip() else ""
                           for i, line in enumerate(lines))
    good = tmp_path / "target.txt"
    good.write_text(target)
    result = runner.invoke(main, ["tm", "import-omegat", str(article_id), str(good)])
    assert result.exit_code == 0, result.output
    # line 4 is paragraph 2's sentence (blank lines between paragraphs): OmegaT's edit of ana's sentence
    assert "conflict p2.s0" in result.output and "1 conflicts" in result.output


def test_apertium_lists_word_choices_from_its_dictionary(apertium):
    choices = {c["source"]: c["options"] for c in word_choices("The court issued a sentence against the gang.")}
    assert {"tribunal", "corte"} <= set(choices["court"])
    assert {"sentencia", "frase"} <= set(choices["sentence"])
    assert "against" not in choices  # one translation only: nothing to choose
    assert apertium.alternatives("The court issued a sentence.", 1) == [
        {"source": "court", "options": choices["court"]}
    ]


def test_argos_gives_n_best_alternatives(tmp_path):
    # unpacked by hand: argostranslate's installer wants stanza, which Paralelo's venv does not have
    with zipfile.ZipFile(build_argosmodel(tmp_path / "model")) as archive:
        archive.extractall(tmp_path / "argos")
    engine = ArgosEngine(str(tmp_path / "argos"))
    assert engine.available()
    found = engine.alternatives("The prison holds 40,000 inmates.", 3)
    assert 1 <= len(found) <= 3
    assert all(isinstance(f["text"], str) and f["text"] for f in found)
    assert len({f["text"] for f in found}) == len(found)


def test_reader_upload_form_brings_omegat_back(app, client, seed_text, fake_engine):
    article_id = translated_article(app, seed_text, fake_engine)
    with app.extensions["paralelo.db"]() as session:
        article = session.get(Article, article_id)
        lines = source_text(exports.build_doc(article)).split("\n")
        first = next(i for i, line in enumerate(lines) if line.strip())
        ours = iter(s.current.text for s in article.segments)
        target = "\n".join(next(ours) if line.strip() else "" for line in lines).split("\n")
        target[first] = "Título traducido en OmegaT."
        slug = article.slug
    page = client.get(f"/articles/{slug}").get_data(as_text=True)
    assert f'action="/articles/{slug}/omegat"' in page
    response = client.post(f"/articles/{slug}/omegat", data=upload("\n".join(target).encode(), "t.txt"),
                           content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "OmegaT: 1 updated, 36 confirmed, 0 conflicts." in text and "Título traducido en OmegaT." in text
