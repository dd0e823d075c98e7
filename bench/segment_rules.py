"""Sentence boundaries through the import API: rules passed on Paralelo's own case sets, per segmenter.

For each segmenter (the old hand-written splitter, the current split_sentences, and pySBD and
sentencex alone when installed) the app's splitter is swapped in, every case paragraph is posted to
`POST /api/articles` with a title (the in-process Flask test client, a temporary SQLite database,
no translation run), and the stored paragraph sentences are compared with the expected split. A
case passes when the segment texts match exactly. The case sets: the own English news cases, the
held-out ones, and pySBD's 48 English golden rules (tests/support/segment_golden.py). The bundled
article is imported the same way and compared sentence by sentence with its 37 pinned sentences
(tests/unit/intake/test_segment.py). Also prints the same counts for split_sentences called directly.

Then, called directly (the import API takes no source language yet): the Spanish cases, dev and
held-out halves (tests/support/segment_es.py), and, when the bilingual data is there
(bench/data/bilingual/, or --editions DIR), the paragraphs of its article editions, one sentence a line.

Run: python3 bench/segment_rules.py [--verbose] [--editions DIR]
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from segment_speed import splitters  # noqa: E402

from app import create_app
from app.intake import segment  # noqa: E402
from app.web import common  # noqa: E402
from tests.support.segment_cases import CASES  # noqa: E402
from tests.support.segment_es import DEV as ES_DEV  # noqa: E402
from tests.support.segment_es import HELDOUT as ES_HELDOUT  # noqa: E402
from tests.support.segment_golden import GOLDEN_RULES  # noqa: E402
from tests.support.segment_heldout import HELDOUT  # noqa: E402
from tests.unit.intake.test_segment import EXPECTED as SEED_EXPECTED  # noqa: E402


def through_api(client, text: str) -> list[str]:
    """The sentences Paralelo stores for a one-paragraph article with this text."""
    resp = client.post("/api/articles", json={"title": "Case", "text": text})
    if resp.status_code != 202:
        return [f"<{resp.status_code}>"]
    article = client.get(f"/api/articles/{resp.get_json()['id']}").get_json()
    return [s["source"] for s in article["segments"] if s["paragraph"] > 0]


def measure(split: Callable[[str], list[str]], folder: str, verbose: bool) -> dict[str, str]:
    """Cases passed (own, held-out) through the API and directly, and seed sentences kept."""
    app = create_app({
        "TESTING": True, "DATA_DIR": folder, "SEED_ON_START": False, "RUN_JOBS": False, "AUTH": "off",
        "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "bench",
    })
    client = app.test_client()
    row = {}
    # only segmentation is measured: imports queue their jobs, nothing translates them
    swapped = mock.patch.object(segment, "split_sentences", lambda text, lang="en": split(text))
    with swapped, mock.patch.object(common, "submit", lambda ids: None):
        golden = [(f"rule {n}: {name}", text, expected) for n, name, text, expected in GOLDEN_RULES]
        for name, cases in (("own", CASES), ("held-out", HELDOUT), ("golden", golden)):
            api = direct = 0
            for category, text, expected in cases:
                got = through_api(client, text)
                api += got == expected
                direct += split(text) == expected
                if verbose and got != expected:
                    print(f"    {name} {category}: {got}")
            row[name] = f"{api} / {len(cases)} ({direct} called directly)"
        seed = (ROOT / "app" / "data" / "cecot-article.txt").read_text("utf-8")
        resp = client.post("/api/articles", json={"text": seed})
        stored = client.get(f"/api/articles/{resp.get_json()['id']}").get_json()["segments"]
        # import makes the ALL-CAPS headline readable (app.intake.headline): compare the title's letters only
        got = {(s["key"], s["source"].casefold() if s["kind"] == "title" else s["source"]) for s in stored}
        pinned = {(key, text.casefold() if kind == "title" else text) for key, kind, text in SEED_EXPECTED}
        row["seed"] = f"{len(got & pinned)} / {len(pinned)} kept, {len(stored)} stored"
    return row


def spanish_splitters() -> dict[str, Callable[[str], list[str]]]:
    """Name -> Spanish split function; pySBD only when installed."""
    import sentencex

    found: dict[str, Callable[[str], list[str]]] = {
        "split_sentences(text, \"es\") (sentencex + post-pass + Spanish rules)":
            functools.partial(segment.split_sentences, lang="es"),
        "sentencex alone (\"es\")": lambda t: [s.strip() for s in sentencex.segment("es", t) if s.strip()],
    }
    try:
        import pysbd

        seg = pysbd.Segmenter(language="es", clean=False)
        found["pySBD alone (\"es\")"] = lambda t: [s.strip() for s in seg.segment(t) if s.strip()]
    except ImportError:
        pass
    return found


def spanish_table(verbose: bool) -> None:
    """Spanish cases passed, dev and held-out halves, each splitter called directly."""
    print("\n| Spanish segmenter (called directly) | dev half passed | held-out half passed |")
    print("|---|---|---|")
    for name, split in spanish_splitters().items():
        row = []
        for half, cases in (("dev", ES_DEV), ("held-out", ES_HELDOUT)):
            passed = 0
            for text, expected in cases:
                got = split(text)
                passed += got == expected
                if verbose and got != expected:
                    print(f"    {name} {half}: {got}")
            row.append(f"{passed} / {len(cases)}")
        print(f"| {name} | {row[0]} | {row[1]} |")


def edition_paragraphs(folder: Path, lang: str) -> list[list[str]]:
    """Gold sentence lists of the bilingual data's paragraphs in `lang` (one sentence a line, title left out).

    Paragraphs whose lines do not all end in sentence punctuation (a byline and its date) are left out.
    """
    files = sorted(folder.glob(f"*/{lang}.txt")) + sorted(folder.glob(f"spanish_source/*.{lang}.txt"))
    found = []
    for path in files:
        blocks = re.split(r"\n\s*\n", path.read_text("utf-8").strip())[1:]
        for block in blocks:
            lines = [line.strip() for line in block.splitlines() if line.strip()]
            if all(re.search(r"[.!?…”»\"')]$", line) for line in lines):
                found.append(lines)
    return found


def editions_table(folder: Path) -> None:
    """Paragraphs of the bilingual article editions split exactly as their one-sentence-a-line gold."""
    if not folder.is_dir():
        print(f"\n(no {folder}: the article editions table is left out)")
        return
    print("\n| segmenter (called directly) | English editions: paragraphs | Spanish editions: paragraphs |")
    print("|---|---|---|")
    english, spanish = edition_paragraphs(folder, "en"), edition_paragraphs(folder, "es")
    rows = {"new split_sentences": (segment.split_sentences, functools.partial(segment.split_sentences, lang="es"))}
    names = splitters("en"), spanish_splitters()
    for en_name, es_name, label in (("sentencex alone, en", "sentencex alone (\"es\")", "sentencex alone"),
                                    ("pySBD alone, en", "pySBD alone (\"es\")", "pySBD alone")):
        if en_name in names[0]:
            rows[label] = (names[0][en_name], names[1][es_name])
    for label, (split_en, split_es) in rows.items():
        passed_en = sum(split_en(" ".join(lines)) == lines for lines in english)
        passed_es = sum(split_es(" ".join(lines)) == lines for lines in spanish)
        print(f"| {label} | {passed_en} / {len(english)} | {passed_es} / {len(spanish)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--editions", type=Path, default=ROOT / "bench" / "data" / "bilingual",
                        help="the bilingual data (article editions, one sentence a line)")
    args = parser.parse_args()
    print("| segmenter | own cases passed (API) | held-out passed (API) | pySBD golden rules (API) "
          "| bundled article's 37 sentences |")
    print("|---|---|---|---|---|")
    for name, split in splitters().items():
        if name.startswith("nupunkt"):
            continue
        with tempfile.TemporaryDirectory() as folder:
            if args.verbose:
                print(name)
            row = measure(split, folder, args.verbose)
        print(f"| {name} | {row['own']} | {row['held-out']} | {row['golden']} | {row['seed']} |")
    spanish_table(args.verbose)
    editions_table(args.editions)


if __name__ == "__main__":
    main()
