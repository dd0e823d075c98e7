"""Sentence segmentation speed: the old hand-written splitter vs app.intake.segment.split_sentences.

Builds a long article (about 5,000 sentences) by repeating the bundled article's paragraphs and the
own test cases (tests/segment_cases.py) with perturbed numbers and names (fixed random seed), then
splits it paragraph by paragraph, as import does, with each splitter in the same run. Also splits
everything as one long paragraph (the worst case for a quadratic splitter). pySBD, sentencex and
nupunkt alone are timed too when installed (`pip install pysbd nupunkt`; sentencex comes with
Paralelo). Timings are printed, never asserted.

Run: python3 bench/segment_speed.py [--sentences 5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.intake import parse, segment  # noqa: E402
from tests.support.segment_cases import CASES  # noqa: E402

# --- the old splitter: a verbatim copy of app/segment.py's split_sentences before issue 18 ---------

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen sen rep gov lt col sgt capt cmdr adm maj st jr sr rev hon pres
    supt det insp atty inc co corp ltd bros no nos vs etc approx dept univ ave blvd mt ft
    jan feb mar apr jun jul aug sep sept oct nov dec a.m p.m e.g i.e u.s u.n u.k d.c""".split()
)
SENTENCE_STARTERS = frozenset(
    """the a an he she it they we i you this that these those there but and so yet in on at
    for after before when while if as his her their its our what why how who where""".split()
)

_CANDIDATE = re.compile(r"([.!?…]+)([\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-ZÁÉÍÓÚÑ0-9¿¡])")
_NEXT_WORD = re.compile(r"[\"'“‘(\[]?(\w+)")


def old_split(text: str) -> list[str]:
    """Split one paragraph into sentences."""
    text = text.strip()
    out: list[str] = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        if not _is_boundary(text, m):
            continue
        end = m.end(2)
        out.append(text[start:end].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


def _is_boundary(text: str, m: re.Match) -> bool:
    punct = m.group(1)
    if punct != ".":
        return True  # ! ? … and ellipses end sentences before a capital
    # the token before the period: walk back to the previous space (linear, not from the start)
    start = m.start()
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    if start == m.start():
        return False
    token = text[start : m.start()].lstrip("\"'“‘(")
    word = token.lower().rstrip(".")
    next_word = _NEXT_WORD.match(text, m.end())
    following = next_word.group(1).lower() if next_word else ""
    if re.fullmatch(r"[A-Z]", token):
        return False  # an initial: "John F. Kennedy"
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token):
        # an acronym like U.S. or D.C.: ends a sentence only before a typical sentence opener
        return following in SENTENCE_STARTERS
    if word in ABBREVIATIONS:
        return False
    return True


# --- the candidates --------------------------------------------------------------------------------


def splitters() -> dict[str, Callable[[str], list[str]]]:
    """Name -> split function; the libraries alone only when installed."""
    found: dict[str, Callable[[str], list[str]]] = {
        "old split_sentences (hand-written)": old_split,
        "new split_sentences (sentencex + post-pass)": segment.split_sentences,
    }
    try:
        import sentencex

        found["sentencex alone"] = lambda t: [s.strip() for s in sentencex.segment("en", t) if s.strip()]
    except ImportError:
        pass
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False)
        found["pySBD alone"] = lambda t: [s.strip() for s in seg.segment(t) if s.strip()]
    except ImportError:
        pass
    try:
        import nupunkt

        found["nupunkt alone"] = lambda t: [s.strip() for s in nupunkt.sent_tokenize(t) if s.strip()]
    except ImportError:
        pass
    return found


NAMES = ["Bukele", "Ortega", "Smith", "Ramos", "Díaz", "García", "Boasberg", "Rubio", "Chen", "Walsh"]


def long_article(sentences: int, seed: int = 18) -> list[str]:
    """Paragraphs of about `sentences` sentences: seed article and own cases, numbers and names varied."""
    seed_text = (ROOT / "app" / "data" / "cecot-article.txt").read_text("utf-8")
    base = [b.text for b in parse.parse(seed_text).blocks if b.kind != "heading"]
    base += [text for _, text, _ in CASES]
    rng = random.Random(seed)
    paragraphs, count = [], 0
    while count < sentences:
        picked = [rng.choice(base) for _ in range(rng.randint(1, 4))]
        text = " ".join(picked)
        text = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(0, 9)), text)
        text = re.sub("|".join(NAMES), lambda _m: rng.choice(NAMES), text)
        paragraphs.append(text)
        count += len(segment.split_sentences(text))
    return paragraphs


def best_rate(split: Callable[[str], list[str]], paragraphs: list[str], repeat: int) -> tuple[float, int]:
    """(sentences per second, sentences) over the paragraphs, best of `repeat` passes."""
    best, found = 0.0, 0
    for _ in range(repeat):
        started = time.perf_counter()
        found = sum(len(split(p)) for p in paragraphs)
        best = max(best, found / (time.perf_counter() - started))
    return best, found


def one_pass(split: Callable[[str], list[str]], text: str) -> float:
    """Seconds to split the text once."""
    started = time.perf_counter()
    split(text)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    paragraphs = long_article(args.sentences)
    joined = [" ".join(paragraphs)]
    print(f"{dt.date.today()} {platform.machine()} Python {platform.python_version()}: "
          f"{len(paragraphs)} paragraphs, {sum(map(len, paragraphs)):,} characters")
    print("| splitter | sentences/s | sentences found | all of it as one paragraph (s) |")
    print("|---|---:|---:|---:|")
    for name, split in splitters().items():
        rate, found = best_rate(split, paragraphs, args.repeat)
        whole = "not run (quadratic)" if name.startswith("pySBD") else f"{one_pass(split, joined[0]):.3f}"
        print(f"| {name} | {rate:,.0f} | {found:,} | {whole} |")


if __name__ == "__main__":
    main()
