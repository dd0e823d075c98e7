"""The Argos engine with real generated packages: install, validation, batch translation, terms.

The random-weights model's output is nonsense, so these tests check plumbing and guarantees
(alignment kept, every term present, provenance), never wording. The copying model repeats its
input, so placeholders survive it and forced terms land where the source term was.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.models import Article
from app.core.terms import Term, missing
from app.intake import furniture
from app.translation.engines import EngineError, argos, pick
from app.translation.engines.apertium import ApertiumEngine
from app.translation.engines.argos import ArgosEngine
from app.translation.engines.argos_packages import install_file, list_installed
from tests.support.app import FakeEngine, make_app, translate_now
from tests.support.argos_model import build_argosmodel, zip_folder


def term(sentence: str, source: str, target: str, **kw) -> Term:
    start = sentence.index(source)
    return Term(start, start + len(source), source, target, **kw)


# --- the generated package ------------------------------------------------------------------------


def test_generated_package_is_a_real_argosmodel(argos_files):
    path = argos_files["random"]
    assert path.suffix == ".argosmodel" and path.stat().st_size < 2_000_000
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        top = {n.split("/")[0] for n in names}
        assert len(top) == 1
        (folder,) = top
        metadata = json.loads(zf.read(f"{folder}/metadata.json"))
    assert {f"{folder}/model/model.bin", f"{folder}/sentencepiece.model"} <= set(names)
    assert metadata["from_code"] == "en" and metadata["to_code"] == "es"
    assert metadata["package_version"] == "1.0" and metadata["type"] == "translate"


# --- installing -----------------------------------------------------------------------------------


def test_install_file_and_list(tmp_path, argos_files):
    packages = tmp_path / "data" / "argos"
    info = install_file(packages, argos_files["random"])
    assert (info["name"], info["version"], info["from_code"], info["to_code"]) == (
        "translate-en_es",
        "1.0",
        "en",
        "es",
    )
    folder = Path(info["path"])
    assert folder.parent == packages.absolute()
    assert (folder / "model" / "model.bin").is_file() and (folder / "metadata.json").is_file()
    assert [(p["name"], p["version"]) for p in list_installed(packages)] == [
        ("translate-en_es", "1.0")
    ]
    # argostranslate's own folders live next to the packages, not under the home directory
    assert (packages.parent / "argos-home" / "share" / "argos-translate").is_dir()
    assert not list((packages.parent / "argos-home" / "staging").iterdir())


def test_reinstall_replaces_the_pair_and_reloads(tmp_path, argos_files):
    packages = tmp_path / "argos"
    install_file(packages, argos_files["random"])
    engine = ArgosEngine(str(packages))
    first = engine.model()
    assert engine.version == "translate-en_es 1.0"
    info = install_file(packages, argos_files["newer"])
    assert info["replaced"] == ["translate-en_es-1_0 1.0"]
    assert [p["version"] for p in list_installed(packages)] == ["1.1"]
    assert engine.version == "translate-en_es 1.1"
    assert engine.model() is not first
    assert engine.model() is engine.model()  # loaded once, then cached


def _rezip(tmp_path: Path, source: Path, name: str, edit) -> Path:
    """A copy of a package with its unpacked folder changed by edit(folder)."""
    work = tmp_path / f"unpacked-{name}"
    with zipfile.ZipFile(source) as zf:
        zf.extractall(work)
    (folder,) = work.iterdir()
    edit(folder)
    return zip_folder(folder, tmp_path / f"{name}.argosmodel")


def _bad_packages(tmp_path: Path, files: dict[str, Path]) -> dict[str, tuple[Path, str]]:
    good = files["random"]
    truncated = tmp_path / "truncated.argosmodel"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    flipped = tmp_path / "flipped.argosmodel"
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo(next(n for n in zf.namelist() if n.endswith("model.bin")))
    data[info.header_offset + 200] ^= 0xFF  # inside model.bin's compressed data
    flipped.write_bytes(bytes(data))
    text = tmp_path / "notes.argosmodel"
    text.write_text("not a zip", "utf-8")
    two_tops = tmp_path / "two-tops.argosmodel"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(two_tops, "w") as dst:
        for n in src.namelist():
            dst.writestr(n, src.read(n))
        dst.writestr("other/metadata.json", "{}")
    return {
        "missing file": (tmp_path / "nowhere.argosmodel", "No such file"),
        "not a zip": (text, "not an Argos package"),
        "truncated zip": (truncated, "not an Argos package"),
        "corrupt data": (flipped, "corrupt"),
        "two top folders": (two_tops, "exactly one top folder"),
        "wrong pair": (files["fr"], "translates en -> fr, not en -> es"),
        "no metadata": (
            _rezip(tmp_path, good, "no-metadata", lambda f: (f / "metadata.json").unlink()),
            "no metadata.json",
        ),
        "bad metadata": (
            _rezip(tmp_path, good, "bad-json", lambda f: (f / "metadata.json").write_text("{x")),
            "metadata.json is not valid JSON",
        ),
        "no tokenizer": (
            _rezip(tmp_path, good, "no-sp", lambda f: (f / "sentencepiece.model").unlink()),
            "no sentencepiece.model",
        ),
        "no model": (
            _rezip(tmp_path, good, "no-model", lambda f: (f / "model" / "model.bin").unlink()),
            "no model/model.bin",
        ),
    }


BAD = [
    "missing file",
    "not a zip",
    "truncated zip",
    "corrupt data",
    "two top folders",
    "wrong pair",
    "no metadata",
    "bad metadata",
    "no tokenizer",
    "no model",
]


@pytest.mark.parametrize("case", BAD)
def test_bad_package_is_refused_and_nothing_installed(tmp_path, argos_files, case):
    packages = tmp_path / "argos"
    install_file(packages, argos_files["copy"])  # an installed package must survive the attempt
    before = sorted(p.name for p in packages.iterdir())
    path, message = _bad_packages(tmp_path, argos_files)[case]
    with pytest.raises(EngineError, match=message):
        install_file(packages, path)
    assert sorted(p.name for p in packages.iterdir()) == before
    assert [p["name"] for p in list_installed(packages)] == ["translate-en_es"]
    assert ArgosEngine(str(packages)).version == "translate-en_es 1.0"


# --- availability and the registry ----------------------------------------------------------------


def test_no_package_installed_names_the_install_command(tmp_path):
    engine = ArgosEngine(str(tmp_path / "argos"))
    assert not engine.available()
    assert engine.describe()["install"].startswith("paralelo models install en es")
    with pytest.raises(EngineError, match="paralelo models install"):
        engine.translate_batch(["Hello."])
    with pytest.raises(EngineError, match="paralelo models install"):
        pick({"argos": engine}, "argos")


def test_auto_picks_argos_when_a_package_is_installed(argos_engine):
    engines = {"apertium": ApertiumEngine(), "fake": FakeEngine(), "argos": argos_engine}
    assert pick(engines, "auto") is argos_engine
    described = argos_engine.describe()
    assert described["available"] and described["version"] == "translate-en_es 1.0"
    assert [
        (p["name"], p["from_code"], p["to_code"], p["version"]) for p in described["packages"]
    ] == [("translate-en_es", "en", "es", "1.0")]


def test_engines_page_lists_the_package(tmp_path, argos_engine):
    app = make_app(tmp_path, {"argos": argos_engine}, RUN_JOBS=False)
    page = app.test_client().get("/engines")
    assert page.status_code == 200
    assert "translate-en_es" in page.text and "1.0" in page.text


# --- translation ----------------------------------------------------------------------------------


def test_whole_article_keeps_alignment(argos_engine, seed_sentences):
    calls = []
    out = argos_engine.translate_batch(seed_sentences, progress=lambda d, t: calls.append((d, t)))
    assert len(out) == len(seed_sentences) and all(isinstance(s, str) for s in out)
    assert calls == [(32, 37), (37, 37)]


def test_empty_sentences_stay_in_place(argos_engine):
    out = argos_engine.translate_batch(["", "Bukele ordered the prison built.", "  "])
    assert len(out) == 3 and out[0] == "" and out[2] == ""


def test_every_term_present_by_forcing(argos_engine, seed_sentences, seed_terms):
    """The random model loses every placeholder: terms are forced through target_prefix."""
    out = argos_engine.translate_batch(seed_sentences, seed_terms)
    assert len(out) == len(seed_sentences)
    several = [i for i, t in enumerate(seed_terms) if len(t) >= 2]
    assert len(several) >= 10
    for i, (terms, text) in enumerate(zip(seed_terms, out, strict=True)):
        assert missing(terms, text) == [], (i, text)
    assert argos_engine.stats["forced_terms"] > 0
    assert argos_engine.stats["forced_sentences"] >= len(several)


def test_every_term_present_by_placeholders(copy_engine, seed_sentences, seed_terms):
    """The copying model keeps placeholders: no sentence needs forcing."""
    out = copy_engine.translate_batch(seed_sentences, seed_terms)
    for terms, text in zip(seed_terms, out, strict=True):
        assert missing(terms, text) == []
        assert not any(p in text for p in argos.PLACEHOLDERS)
    with_terms = sum(1 for t in seed_terms if t)
    assert copy_engine.stats["placeholder_sentences"] == with_terms
    assert copy_engine.stats["forced_sentences"] == 0


def test_placeholders_are_restored_with_agreement(copy_engine):
    sentence = "Visitaron el mega-prison ayer con los deportees."
    terms = [
        term(sentence, "mega-prison", "megacárcel", gender="f", number="sg"),
        term(sentence, "deportees", "deportados", gender="m", number="pl"),
    ]
    (out,) = copy_engine.translate_batch([sentence], [terms])
    assert out == "Visitaron la megacárcel ayer con los deportados."
    assert copy_engine.stats["forced_sentences"] == 0


def test_forced_term_goes_where_the_model_attends(copy_engine):
    """Without placeholders the term is forced at the output position aligned with its source."""
    copy_engine.use_placeholders = False
    sentence = "Bukele sent the immigrants to the prison on Sunday."
    terms = [term(sentence, "immigrants", "inmigrantes"), term(sentence, "prison", "cárcel")]
    (out,) = copy_engine.translate_batch([sentence], [terms])
    assert out.startswith("Bukele sent the inmigrantes ")
    assert missing(terms, out) == []
    assert copy_engine.stats["forced_terms"] == 2


def test_more_terms_than_placeholders_are_forced(copy_engine):
    words = [f"w{i}" for i in range(len(argos.PLACEHOLDERS) + 2)]
    sentence = " ".join(words) + "."
    terms, pos = [], 0
    for i, word in enumerate(words):
        terms.append(Term(pos, pos + len(word), word, f"palabra{i}"))
        pos += len(word) + 1
    out = copy_engine.translate_batch(["Hola.", sentence], [[], terms])
    assert len(out) == 2
    assert missing(terms, out[1]) == []
    assert copy_engine.stats["forced_sentences"] == 1


def test_package_target_prefix_is_forced_and_stripped(tmp_path, seed_sentences, seed_terms):
    """Multilingual packages name a target-language token that starts every output."""
    path = build_argosmodel(tmp_path, target_prefix="__es__")
    install_file(tmp_path / "argos", path)
    engine = ArgosEngine(str(tmp_path / "argos"))
    assert engine.model().target_prefix == ["__es__"]
    out = engine.translate_batch(seed_sentences[:12], seed_terms[:12])
    assert len(out) == 12 and not any("__es__" in text or "es  " in text[:4] for text in out)
    for terms, text in zip(seed_terms[:12], out, strict=True):
        assert missing(terms, text) == []


def test_terms_must_match_sentences(argos_engine):
    with pytest.raises(EngineError, match="term lists"):
        argos_engine.translate_batch(["One.", "Two."], [[]])


# --- the pipeline ---------------------------------------------------------------------------------


def test_pipeline_records_argos_provenance(tmp_path, argos_engine, seed_text):
    app = make_app(tmp_path, {"argos": argos_engine}, RUN_JOBS=False)
    sessions = app.extensions["paralelo.db"]
    translate_now(app, seed_text, engine="argos")
    with sessions() as session:
        article = session.scalars(select(Article)).one()
        assert article.status == "ready"
        # bylines and credit lines are written by template (app.furniture), everything else by Argos
        current = [s.current for s in article.segments if s.kind not in furniture.KINDS]
        assert all(t is not None and t.origin == "machine" for t in current)
        assert {t.engine for t in current} == {"argos"}
        assert {t.engine_version for t in current} == {"translate-en_es 1.0"}
        reports = [item for t in current for item in t.terms]
        assert len(reports) > 50
        assert {item["status"] for item in reports} == {"enforced"}
