"""The bilingual bench data stays consistent: build.py --check passes, and it catches a broken real gold."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BILINGUAL = ROOT / "bench" / "data" / "bilingual"
REAL_SETS = ("real", "real_dev", "real_heldout", "real_heldout2")
REAL = sorted(path.parent for name in REAL_SETS for path in (BILINGUAL / name).glob("*/gold.json"))


def load_build():
    """bench/data/bilingual/build.py as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("bilingual_build", BILINGUAL / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_check_passes_and_reports_the_real_pairs():
    done = subprocess.run([sys.executable, str(BILINGUAL / "build.py"), "--check"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    for folder in REAL:
        assert f"'name': '{folder.name}'" in done.stdout


def test_there_are_real_pairs_from_different_packages_and_no_package_serves_two_sets():
    def package(folder: Path) -> str:
        return json.loads((folder / "gold.json").read_text("utf-8"))["provenance"]["package_en"].split()[0]

    measured = [f for f in REAL if f.parent.name == "real"]
    assert len(measured) >= 2 and len({package(f) for f in measured}) == len(measured)
    sets_of = {}
    for folder in REAL:
        sets_of.setdefault(package(folder), set()).add(folder.parent.name)
    assert all(len(sets) == 1 for sets in sets_of.values()), sets_of


@pytest.mark.parametrize("folder", REAL, ids=[f.name for f in REAL])
def test_real_pair_units_cover_every_sentence_once(folder):
    gold = json.loads((folder / "gold.json").read_text("utf-8"))
    assert gold["source"] == "real" and gold["licence"]
    for side, key in ((0, "en_sentences"), (1, "es_sentences")):
        seen = [i for unit in gold["pairs"] for i in unit[side]]
        assert seen == list(range(len(gold[key])))


def test_check_rejects_a_real_gold_with_a_sentence_left_out(tmp_path):
    build = load_build()
    folder = tmp_path / REAL[0].name
    shutil.copytree(REAL[0], folder)
    gold = json.loads((folder / "gold.json").read_text("utf-8"))
    gold["pairs"][1] = [gold["pairs"][1][0], []]  # its Spanish sentences now belong to no unit
    (folder / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), "utf-8")
    with pytest.raises(SystemExit, match="indices not each used once"):
        build.check_pair(folder, real=True)


def test_check_rejects_a_real_pair_without_provenance(tmp_path):
    build = load_build()
    folder = tmp_path / REAL[0].name
    shutil.copytree(REAL[0], folder)
    gold = json.loads((folder / "gold.json").read_text("utf-8"))
    del gold["provenance"]["package_es"]
    (folder / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), "utf-8")
    with pytest.raises(SystemExit, match="provenance or licence missing"):
        build.check_pair(folder, real=True)
