"""Sentence segmentation speed: app.intake.segment.split_sentences against other splitters.

Builds a long article (about 5,000 sentences) by repeating the bundled article's paragraphs and the
own test cases (tests/support/segment_cases.py) with perturbed numbers and names (fixed random seed),
or with `--lang es` the Spanish cases (tests/support/segment_es.py), then splits it paragraph by
paragraph, as import does, with each splitter in the same run; passes are interleaved (one pass of
every splitter per round, in a shuffled order, best of `--repeat` rounds) so that a change in the
machine's load, or a splitter slowed by the one before it, hits all rows alike. Also splits
everything as one long paragraph (the worst case for a quadratic splitter). English compares the
old hand-written splitter; `--against REV` adds split_sentences as it was at a git revision (e.g.
`--against main`, to measure a change before it is merged). pySBD, sentencex and nupunkt alone are
timed too when installed (`pip install pysbd nupunkt`; sentencex comes with Paralelo). Timings are
printed, never asserted.

Run: python3 bench/segment_speed.py [--lang en|es] [--sentences 5000] [--repeat 3] [--against REV]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import importlib.util
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.intake import parse, segment  # noqa: E402
from tests.support.segment_cases import CASES  # noqa: E402
from tests.support.segment_es import DEV as ES_DEV  # noqa: E402
from tests.support.segment_es import HELDOUT as ES_HELDOUT  # noqa: E402

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


def splitters(lang: str = "en") -> dict[str, Callable[[str], list[str]]]:
    """Name -> split function for `lang`; the libraries alone only when installed."""
    found: dict[str, Callable[[str], list[str]]] = {}
    if lang == "en":
        found["old split_sentences (hand-written)"] = old_split
    # bound now: bench/segment_rules.py swaps segment.split_sentences for each row
    found[f"new split_sentences (sentencex + post-pass), {lang}"] = functools.partial(segment.split_sentences,
                                                                                      lang=lang)
    try:
        import sentencex

        found[f"sentencex alone, {lang}"] = lambda t: [s.strip() for s in sentencex.segment(lang, t) if s.strip()]
    except ImportError:
        pass
    try:
        import pysbd

        seg = pysbd.Segmenter(language=lang, clean=False)
        found[f"pySBD alone, {lang}"] = lambda t: [s.strip() for s in seg.segment(t) if s.strip()]
    except ImportError:
        pass
    if lang == "en":
        try:
            import nupunkt

            found["nupunkt alone"] = lambda t: [s.strip() for s in nupunkt.sent_tokenize(t) if s.strip()]
        except ImportError:
            pass
    return found


def split_at_revision(revision: str) -> Callable[[str], list[str]]:
    """split_sentences as app/intake/segment.py was at a git revision (its sibling modules as they are now)."""
    source = subprocess.run(["git", "show", f"{revision}:app/intake/segment.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    folder = Path(tempfile.mkdtemp(prefix="segment-at-"))
    (folder / "segment.py").write_text(source, "utf-8")
    spec = importlib.util.spec_from_file_location("app.intake._segment_at_revision", folder / "segment.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.split_sentences


NAMES = ["Bukele", "Ortega", "Smith", "Ramos", "Díaz", "García", "Boasberg", "Rubio", "Chen", "Walsh"]


def long_article(sentences: int, lang: str = "en", seed: int = 18) -> list[str]:
    """Paragraphs of about `sentences` sentences from the case sets, numbers and names varied."""
    if lang == "es":
        base = [text for text, _ in ES_DEV + ES_HELDOUT]
    else:
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
        count += len(segment.split_sentences(text, lang))
    return paragraphs


def best_rates(split: dict[str, Callable[[str], list[str]]], paragraphs: list[str],
               repeat: int) -> dict[str, tuple[float, int]]:
    """Name -> (sentences per second, sentences), best of `repeat` rounds of one pass per splitter, shuffled."""
    best: dict[str, tuple[float, int]] = {name: (0.0, 0) for name in split}
    order, rng = list(split), random.Random(repeat)
    for _ in range(repeat):
        rng.shuffle(order)  # a splitter runs slower right after some others (caches): vary who follows whom
        for name in order:
            function = split[name]
            gc.collect()  # as timeit does: one splitter's garbage (pySBD makes much) must not bill the next
            gc.disable()
            try:
                started = time.perf_counter()
                found = sum(len(function(p)) for p in paragraphs)
                elapsed = time.perf_counter() - started
            finally:
                gc.enable()
            best[name] = (max(best[name][0], found / elapsed), found)
    return best


def one_pass(split: Callable[[str], list[str]], text: str) -> float:
    """Seconds to split the text once."""
    started = time.perf_counter()
    split(text)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("en", "es"), default="en")
    parser.add_argument("--sentences", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--against", metavar="REV", help="also time split_sentences as it was at this revision")
    args = parser.parse_args()
    paragraphs = long_article(args.sentences, args.lang)
    joined = " ".join(paragraphs)
    split = splitters(args.lang)
    if args.against and args.lang == "en":
        split[f"split_sentences at {args.against}"] = split_at_revision(args.against)
    print(f"{dt.date.today()} {platform.machine()} Python {platform.python_version()}: "
          f"{len(paragraphs)} paragraphs, {sum(map(len, paragraphs)):,} characters ({args.lang})")
    print("| splitter | sentences/s | sentences found | all of it as one paragraph (s) |")
    print("|---|---:|---:|---:|")
    for name, (rate, found) in best_rates(split, paragraphs, args.repeat).items():
        whole = "not run (quadratic)" if name.startswith("pySBD") else f"{one_pass(split[name], joined):.3f}"
        print(f"| {name} | {rate:,.0f} | {found:,} | {whole} |")


if __name__ == "__main__":
    main()
