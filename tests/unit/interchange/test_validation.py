"""Interchange files checked with real tools: xmllint against the schemas Debian's OmegaT ships, xliff2po."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from app.core.models import GlossaryEntry, utcnow
from app.interchange import exports, glossary_files, tmx_memory
from app.translation import memory as tm
from app.translation import pipeline
from tests.support.app import REQUIRE_ENGINES, make_app, store_text

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")


def need(tool: str) -> None:
    if shutil.which(tool) is None:
        if REQUIRE_ENGINES:
            pytest.fail(f"{tool} is not installed")
        pytest.skip(f"{tool} is not installed")


@pytest.fixture(scope="module")
def schemas(tmp_path_factory) -> Path:
    """tbx.xsd, tmx14.dtd and project_properties.xsd, as Debian's OmegaT ships them (nothing downloaded)."""
    if not OMEGAT_JAR.exists():
        if REQUIRE_ENGINES:
            pytest.fail("OmegaT is not installed (apt-get install omegat)")
        pytest.skip("OmegaT is not installed")
    need("xmllint")
    out = tmp_path_factory.mktemp("schemas")
    with zipfile.ZipFile(OMEGAT_JAR) as jar:
        for name in jar.namelist():
            if name.startswith("schemas/") and not name.endswith("/"):
                (out / Path(name).name).write_bytes(jar.read(name))
    return out


def xmllint(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["xmllint", "--noout", "--nonet", *args], capture_output=True, text=True, timeout=60)


@pytest.fixture
def db(tmp_path, fake_engine):
    app = make_app(tmp_path, {"fake": fake_engine}, RUN_JOBS=False)
    session = app.extensions["paralelo.db"]()
    yield session
    session.close()


@pytest.fixture
def article(db, seed_text, fake_engine):
    article = store_text(db, seed_text)
    pipeline.translate_segments(db, article, list(article.segments), fake_engine)
    article.status = "ready"
    db.commit()
    return article


def test_tbx_is_valid_tbx_core(db, schemas, tmp_path):
    entries = db.scalars(select(GlossaryEntry).where(GlossaryEntry.deleted.is_(False))).all()
    assert sum(1 for e in entries if e.note) > 10
    path = tmp_path / "glossary.tbx"
    path.write_bytes(glossary_files.write(entries, "tbx"))
    result = xmllint("--schema", str(schemas / "tbx.xsd"), str(path))
    assert result.returncode == 0, result.stderr[:2000]
    # the check has teeth: the old layout (the note after the langSets) is refused
    tree = etree.parse(str(path))
    entry = next(e for e in tree.iter("termEntry") if e.find("note") is not None)
    entry.append(entry.find("note"))
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert xmllint("--schema", str(schemas / "tbx.xsd"), str(path)).returncode != 0


def test_tmx_exports_are_valid_tmx_14(db, article, schemas, tmp_path):
    path = tmp_path / "article.tmx"
    path.write_bytes(exports.export(article, "tmx").data)
    assert b"<!DOCTYPE" not in path.read_bytes()  # none that would not resolve
    result = xmllint("--dtdvalid", str(schemas / "tmx14.dtd"), str(path))
    assert result.returncode == 0, result.stderr[:2000]
    tm.remember(db, "The prison is full.", "La cárcel está llena.", "es-419", "post-edit", author="ana",
                article_id=article.id, note="checked")
    memory = tmp_path / "memory.tmx"
    memory.write_bytes(tmx_memory.write(tm.all_units(db), utcnow(), "test"))
    result = xmllint("--dtdvalid", str(schemas / "tmx14.dtd"), str(memory))
    assert result.returncode == 0, result.stderr[:2000]


def test_omegat_project_file_is_valid(article, schemas, tmp_path):
    with zipfile.ZipFile(io.BytesIO(exports.export(article, "omegat").data)) as archive:
        [name] = [n for n in archive.namelist() if n.endswith("/omegat.project")]
        (tmp_path / "omegat.project").write_bytes(archive.read(name))
    result = xmllint("--schema", str(schemas / "project_properties.xsd"), str(tmp_path / "omegat.project"))
    assert result.returncode == 0, result.stderr[:2000]


def test_xliff2po_keeps_ids_and_notes(article, tmp_path):
    need("xliff2po")
    path = tmp_path / "article.xlf"
    path.write_bytes(exports.export(article, "xliff").data)
    subprocess.run(["xliff2po", str(path), str(tmp_path / "article.po")], check=True, capture_output=True,
                   timeout=120)
    po = (tmp_path / "article.po").read_text("utf-8")
    first = article.segments[0]
    assert f"#: {first.key}\n" in po
    assert "#. origin: machine; engine: fake 1.0" in po
    assert "#. terms: " in po


def test_omegat_glossary_format_has_no_header_and_keeps_notes(db):
    entries = db.scalars(select(GlossaryEntry).where(GlossaryEntry.deleted.is_(False))).all()
    lines = glossary_files.write(entries, "omegat").decode("utf-8").splitlines()
    assert len(lines) == len(entries) and all(len(line.split("\t")) == 3 for line in lines)
    noted = next(e for e in entries if e.note)
    assert f"{noted.source}\t{noted.target}\t{' '.join(noted.note.split())}" in lines
    assert glossary_files.FORMATS["omegat"] == ("text/plain", "txt")
    rows = [r for _, r in glossary_files.read("\n".join(lines).encode(), "omegat")]
    assert len(rows) == len(entries)
