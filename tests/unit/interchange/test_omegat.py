"""OmegaT round trip: the exported project opens and fills in Debian's OmegaT, and comes back as human text."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from app.core.models import GlossaryEntry, TMUnit
from app.interchange import exports, omegat_import
from app.interchange.omegat import no_break_rules, omegat_locale, source_text
from app.translation import memory, pipeline, postedit
from tests.support.app import REQUIRE_ENGINES, make_app, store_text
from tests.support.paths import FIXTURES

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")
TRICKY = FIXTURES / "tricky-boundaries.txt"


@pytest.fixture
def db(tmp_path, fake_engine):
    app = make_app(tmp_path, {"fake": fake_engine}, RUN_JOBS=False)
    session = app.extensions["paralelo.db"]()
    yield session
    session.close()


def translated(session, text, engine):
    article = store_text(session, text)
    pipeline.translate_segments(session, article, list(article.segments), engine)
    article.status = "ready"
    session.commit()
    return article


def unpack(data: bytes, where: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(where)
    [project] = [p for p in where.iterdir() if p.is_dir()]
    return project


def run_omegat(project: Path, config: Path) -> Path:
    """Translate the project with OmegaT in console mode; the target file it wrote."""
    if not OMEGAT_JAR.exists() or shutil.which("java") is None:
        if REQUIRE_ENGINES:
            pytest.fail("OmegaT is not installed (apt-get install omegat)")
        pytest.skip("OmegaT is not installed")
    config.mkdir()
    subprocess.run(
        ["java", "-Djava.awt.headless=true", "-jar", str(OMEGAT_JAR), "--mode=console-translate",
         "--disable-project-locking", f"--config-dir={config}", str(project)],
        check=True, capture_output=True, timeout=180,
    )
    log = (config / "logs" / "OmegaT.log").read_text("utf-8", "replace")
    assert "Error" not in log.split("Console translation mode", 1)[-1], log[-3000:]
    [target] = (project / "target").glob("*.txt")
    return target


def test_project_layout(db, seed_text, fake_engine):
    article = translated(db, seed_text, fake_engine)
    result = exports.export(article, "omegat")
    assert result.filename == f"{article.slug}.omegat.zip" and result.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(result.data)) as archive:
        names = set(archive.namelist())
        top = f"{article.slug}-omegat/"
        for name in ("omegat.project", f"source/{article.slug}.txt", f"tm/auto/{article.slug}.tmx",
                     "glossary/glossary.txt", "omegat/segmentation.conf", "target/"):
            assert top + name in names
        project = etree.fromstring(archive.read(top + "omegat.project"))
        assert project.findtext("project/source_lang") == "en"
        assert project.findtext("project/target_lang") == "es-419"
        glossary = archive.read(top + "glossary/glossary.txt").decode("utf-8").splitlines()
        tmx = etree.fromstring(archive.read(f"{top}tm/auto/{article.slug}.tmx"))
        conf = etree.fromstring(archive.read(top + "omegat/segmentation.conf"))
    live = db.scalars(select(GlossaryEntry).where(GlossaryEntry.deleted.is_(False))).all()
    assert len(glossary) == len(live)  # no header row
    rows = {line.split("\t")[0]: line.split("\t") for line in glossary}
    assert all(len(r) == 3 for r in rows.values())
    noted = next(e for e in live if e.note)
    assert rows[noted.source] == [noted.source, noted.target, " ".join(noted.note.split())]
    assert len(tmx.findall("body/tu")) == 37
    assert conf.get("class") == "java.beans.XMLDecoder"
    assert omegat_locale("es-sv") == "es-SV" and omegat_locale("EN") == "en"


def test_no_break_rules_come_from_the_sentences():
    rules = no_break_rules(['The U.S. government said Gen. Smith left.', 'He said "no." then left...'])
    assert (re.escape("U.S."), r"\s+" + "government") in rules
    assert (re.escape("Gen."), r"\s+" + "Smith") in rules
    assert (re.escape('"no."'), r"\s+" + "then") in rules
    assert not any(after.endswith("left") for _b, after in rules if "said" in _b)  # only inner spots
    assert len(rules) == 3


def omegat_fills(db, tmp_path, text, engine):
    article = translated(db, text, engine)
    project = unpack(exports.export(article, "omegat").data, tmp_path / "project")
    target = run_omegat(project, tmp_path / "omegat-config")
    source_lines = source_text(exports.build_doc(article)).split("\n")
    target_lines = target.read_text("utf-8").split("\n")
    assert len(target_lines) == len(source_lines)
    ours = iter(s.current.text for s in article.segments)
    filled = [t == next(ours) for s, t in zip(source_lines, target_lines, strict=True) if s.strip()]
    return article, target, filled


def test_omegat_fills_every_sentence_of_the_bundled_article(db, tmp_path, seed_text, fake_engine):
    article, target, filled = omegat_fills(db, tmp_path, seed_text, fake_engine)
    assert len(filled) == 37 and all(filled), f"OmegaT filled {sum(filled)} of {len(filled)}"

    # the round trip: OmegaT's target comes back as human text with provenance OmegaT
    seg = article.segments[6]
    lines = target.read_text("utf-8").split("\n")
    changed = seg.current.text
    lines[lines.index(changed)] = "Traducción revisada en OmegaT."
    late = article.segments[8]
    postedit.save(db, late, "Corrección hecha en Paralelo después de exportar.", who="ana")
    db.commit()
    report = omegat_import.import_file(db, article, "\n".join(lines).encode("utf-8"), who="translator")
    db.commit()
    assert report.updated == [seg.key]
    assert len(report.confirmed) == 35 and report.unchanged == [] and report.untranslated == []
    assert [c["key"] for c in report.conflicts] == [late.key]
    assert report.conflicts[0]["author"] == "ana"
    assert late.current.text == "Corrección hecha en Paralelo después de exportar."  # kept
    assert seg.current.text == "Traducción revisada en OmegaT."
    others = [s for s in article.segments if s.id != late.id]
    assert all(s.current.origin == "human" and s.current.engine == "omegat" for s in others)
    assert all(s.current.author == "translator" for s in others)
    unit = db.scalars(select(TMUnit).where(TMUnit.source_key == memory.key(seg.source))).one()
    assert unit.origin == "omegat" and unit.target == "Traducción revisada en OmegaT."
    again = omegat_import.import_file(db, article, "\n".join(lines).encode("utf-8"), who="translator")
    assert len(again.unchanged) == 36 and again.updated == [] and len(again.conflicts) == 1


def test_omegat_keeps_tricky_boundaries(db, tmp_path, fake_engine):
    text = TRICKY.read_text("utf-8")
    article, target, filled = omegat_fills(db, tmp_path, text, fake_engine)
    sources = [s.source for s in article.segments]
    assert any("U.S. government said Gen. Smith" in s for s in sources)  # the hard cases are there
    assert any(s.startswith('"No," said Sen. Lee') for s in sources)
    assert len(filled) == len(sources) and all(filled), f"OmegaT filled {sum(filled)} of {len(filled)}"
    # the TMX OmegaT writes beside the project (the same form as omegat/project_save.tmx) comes back too
    [written] = target.parent.parent.glob("*-omegat.tmx")
    report = omegat_import.import_file(db, article, written.read_bytes(), who="translator")
    db.commit()
    assert len(report.confirmed) == len(sources) and report.conflicts == [] and report.unmatched == 0
    assert all(s.current.origin == "human" and s.current.engine == "omegat" for s in article.segments)


def test_omegat_tmx_comes_back_and_post_edits_made_here_conflict_whatever_the_dates(db, seed_text, fake_engine):
    """Issue 22 item 8: a unit dated 2999 (or 2000) never replaces a post-edit made here; both are conflicts."""
    article = translated(db, seed_text, fake_engine)
    first, second, third = article.segments[4], article.segments[5], article.segments[6]
    postedit.save(db, first, "Edición antigua.", who="ana")
    db.commit()
    tmx = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1"><header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
 creationtoolversion="3.6" segtype="sentence" srclang="en"/><body>
<tu><tuv lang="en"><seg>{first.source}</seg></tuv>
 <tuv lang="es-419" changedate="29990101T000000Z"><seg>Versión de OmegaT, más nueva.</seg></tuv></tu>
<tu><tuv lang="en"><seg>{second.source}</seg></tuv>
 <tuv lang="es-419" changedate="20000101T000000Z"><seg>Versión de OmegaT, vieja.</seg></tuv></tu>
<tu><tuv lang="en"><seg>{third.source}</seg></tuv>
 <tuv lang="es-419" changedate="20991231T000000Z"><seg>Versión de OmegaT de una frase de máquina.</seg></tuv></tu>
<tu><tuv lang="en"><seg>Not in the article.</seg></tuv><tuv lang="es-419"><seg>No.</seg></tuv></tu>
</body></tmx>""".replace("&", "&amp;").encode("utf-8")
    postedit.save(db, second, "Edición reciente.", who="ben")
    db.commit()
    report = omegat_import.import_file(db, article, tmx, who="translator")
    assert [c["key"] for c in report.conflicts] == [first.key, second.key]
    assert [c["omegat"] for c in report.conflicts] == ["Versión de OmegaT, más nueva.", "Versión de OmegaT, vieja."]
    assert report.updated == [third.key]  # a machine translation is OmegaT's to replace
    assert report.unmatched == 1
    assert first.current.text == "Edición antigua." and second.current.text == "Edición reciente."
    assert third.current.text == "Versión de OmegaT de una frase de máquina."


def test_a_target_file_of_another_article_is_refused(db, seed_text, fake_engine):
    article = translated(db, seed_text, fake_engine)
    with pytest.raises(omegat_import.RoundTripError) as caught:
        omegat_import.import_file(db, article, "Una línea.\nOtra.\n".encode(), who="x")
    assert "lines" in str(caught.value)
