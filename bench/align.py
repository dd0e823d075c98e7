"""Sentence alignment of two editions: precision and recall of the aligner's units against gold alignments.

    PYTHONPATH=. python bench/align.py            # the 5 gold pairs (bench/data/bilingual/<pair>/gold.json)
    PYTHONPATH=. python bench/align.py --dev      # the development set the constants were set on
    PYTHONPATH=. python bench/align.py --real     # the real pairs (bench/data/bilingual/real/<pair>/gold.json)
    PYTHONPATH=. python bench/align.py --real real_dev       # real pairs to develop on (or real_heldout)

The bridge is what the alignment job uses: the pipeline's machine translation of the article's side
(Apertium eng-spa or spa-eng, bundled glossary enforced), the edition's machine translation back into
the article's language as the second look, and the headlines paired (both sides open with the title).
Each pair is run both ways: with its original
as the article (the usual case) and with its translation as the article.

A unit counts as right when both its source and its target sentence sets equal a gold unit's
(strict: a 1-2 found as 1-1 plus 0-1 is two wrong units and one missed). Links (every source-target
sentence pair inside a unit) are counted too. The development set is made from the four Spanish-source
articles (bench/data/bilingual/spanish_source: 1-1 professional translations) by merging and dropping
sentences at seeded random places; the gold pairs were never used to set a constant. The real pairs
(Debian documentation and its Spanish translation, aligned by hand) are run and scored the same way.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from app.core.direction import Direction
from app.glossary.matcher import Entry, Matcher
from app.interchange.glossary_files import bundled_rows
from app.translation import align, pipeline
from app.translation.engines.apertium import ApertiumEngine

DATA = Path(__file__).resolve().parent / "data" / "bilingual"
PAIRS = ("en_habeas_cecot", "en_tps_appeals", "en_juarez_shelters", "es_juicio_masivo", "es_deportados_bogota")


def bridge(sentences: list[str], direction: Direction, matcher: Matcher, engine) -> list[str]:
    """The pipeline's machine translation of the sentences (glossary enforced), as the job makes it."""
    works = [pipeline.Work(i, pipeline.engine_input(s), pipeline.terms_for(pipeline.engine_input(s), matcher,
                                                                           direction, s))
             for i, s in enumerate(sentences)]
    return [o.text for o in pipeline.translate(engine, works, direction)]


def score(found: list[align.Unit], gold: list[tuple[tuple, tuple]]) -> dict:
    units = {(u.source, u.target) for u in found}
    gold_units = set(gold)
    links = {(s, t) for u in found for s in u.source for t in u.target}
    gold_links = {(s, t) for src, tgt in gold for s in src for t in tgt}
    right = len(units & gold_units)
    return {"units": len(units), "gold": len(gold_units), "right": right,
            "links": len(links), "gold_links": len(gold_links), "right_links": len(links & gold_links)}


def totals(rows: list[dict]) -> dict:
    t = {k: sum(r[k] for r in rows) for k in rows[0]}
    t["precision"] = t["right"] / t["units"]
    t["recall"] = t["right"] / t["gold"]
    t["link_precision"] = t["right_links"] / t["links"]
    t["link_recall"] = t["right_links"] / t["gold_links"]
    return t


def real_pairs(name: str = "real") -> list[tuple[str, str, list[str], list[str], list]]:
    """One set of real pairs (real, real_dev or real_heldout), both ways, as gold_pairs gives the
    constructed ones."""
    return gold_pairs(sorted(path.parent for path in (DATA / name).glob("*/gold.json")))


def gold_pairs(folders: list[Path] | None = None) -> list[tuple[str, str, list[str], list[str], list]]:
    """(name, article language, article sentences, edition sentences, gold units) for each pair, both ways."""
    out = []
    for folder in folders if folders is not None else [DATA / name for name in PAIRS]:
        name = folder.name
        gold = json.loads((folder / "gold.json").read_text())
        en, es = gold["en_sentences"], gold["es_sentences"]
        units = [(tuple(u[0]), tuple(u[1])) for u in gold["pairs"]]  # (en, es)
        swapped = [(b, a) for a, b in units]
        first = ("en", en, es, units) if gold["original"] == "en" else ("es", es, en, swapped)
        second = ("es", es, en, swapped) if gold["original"] == "en" else ("en", en, es, units)
        for role, (lang, article, edition, gold_units) in (("original", first), ("translation", second)):
            out.append((f"{name} ({role} as article)", lang, article, edition, gold_units))
    return out


def dev_pairs(seeds: tuple[int, ...] = (7, 8, 9)) -> list[tuple[str, str, list[str], list[str], list]]:
    """The development set: the Spanish-source articles with merges (half of them condensed), drops and
    replacements at seeded places."""
    return [pair for seed in seeds for pair in _dev_pairs(seed)]


def _dev_pairs(seed: int) -> list[tuple[str, str, list[str], list[str], list]]:
    rng = random.Random(seed)
    out = []
    for path in sorted((DATA / "spanish_source").glob("*.json")):
        pairs = [s for para in json.loads(path.read_text())["paragraphs"] for s in para]
        for lang in ("es", "en"):
            other = "en" if lang == "es" else "es"
            article, edition, gold = [], [], []
            k = 0
            while k < len(pairs):
                roll = rng.random() if k else 1.0  # the title stays 1-1
                if roll < 0.10 and k + 1 < len(pairs):  # the edition merges two sentences: 2-1
                    article += [pairs[k][lang], pairs[k + 1][lang]]
                    edition.append(pairs[k][other] + " " + _condensed(pairs[k + 1][other], rng))
                    gold.append(((len(article) - 2, len(article) - 1), (len(edition) - 1,)))
                    k += 2
                elif roll < 0.20 and k + 1 < len(pairs):  # the article merges: 1-2
                    article.append(pairs[k][lang] + " " + _condensed(pairs[k + 1][lang], rng))
                    edition += [pairs[k][other], pairs[k + 1][other]]
                    gold.append(((len(article) - 1,), (len(edition) - 2, len(edition) - 1)))
                    k += 2
                elif roll < 0.25:  # the edition drops it: 1-0
                    article.append(pairs[k][lang])
                    gold.append(((len(article) - 1,), ()))
                    k += 1
                elif roll < 0.30:  # the article has none: 0-1
                    edition.append(pairs[k][other])
                    gold.append(((), (len(edition) - 1,)))
                    k += 1
                elif roll < 0.35 and k + 1 < len(pairs):  # each has a sentence the other lacks: 1-0, 0-1
                    article.append(pairs[k][lang])
                    edition.append(pairs[k + 1][other])
                    gold += [((len(article) - 1,), ()), ((), (len(edition) - 1,))]
                    k += 2
                else:
                    article.append(pairs[k][lang])
                    edition.append(pairs[k][other])
                    gold.append(((len(article) - 1,), (len(edition) - 1,)))
                    k += 1
            out.append((f"{path.stem} ({lang} as article, seed {seed})", lang, article, edition, gold))
    return out


def _condensed(sentence: str, rng: random.Random) -> str:
    """A merged sentence as a rewrite condenses it: half the time its last third or so is dropped."""
    words = sentence.split()
    if rng.random() < 0.5 or len(words) < 9:
        return sentence
    return " ".join(words[: len(words) * 2 // 3]).rstrip(",;:") + "."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sets = parser.add_mutually_exclusive_group()
    sets.add_argument("--dev", action="store_true", help="the development set instead of the gold pairs")
    sets.add_argument("--real", nargs="?", const="real", choices=("real", "real_dev", "real_heldout", "real_heldout2"),
                      help="a set of real pairs (bench/data/bilingual/<set>; real by default)")
    parser.add_argument("--json", action="store_true", help="print the totals as JSON")
    args = parser.parse_args()
    engine = ApertiumEngine()
    if not engine.available():
        print("needs apertium-eng-spa", file=sys.stderr)
        return 1
    matcher = Matcher([Entry.of(dict(row, id=i + 1)) for i, row in enumerate(bundled_rows())])
    rows, elapsed, sentences = [], 0.0, 0
    pairs = dev_pairs() if args.dev else real_pairs(args.real) if args.real else gold_pairs()
    for name, lang, article, edition, gold in pairs:
        direction = Direction("en", "es") if lang == "en" else Direction("es", "en")
        mt = bridge(article, direction, matcher, engine.for_pair(*direction.pair))
        reverse = Direction(direction.target, direction.source)
        back = bridge(edition, reverse, matcher, engine.for_pair(*reverse.pair))
        start = time.perf_counter()
        found = align.align(article, edition, mt, titles=True, back=back)
        elapsed += time.perf_counter() - start
        sentences += len(article) + len(edition)
        row = score(found, gold)
        rows.append(row)
        wrong = sorted({(u.source, u.target) for u in found} - set(gold))
        print(f"{name:55} {row['right']:3}/{row['units']:3} found right, {row['right']:3}/{row['gold']:3} gold found"
              + (f"   wrong: {wrong}" if wrong else ""))
    t = totals(rows)
    print(f"\nunits: precision {t['precision']:.1%}, recall {t['recall']:.1%} "
          f"({t['right']} right of {t['units']} found, {t['gold']} gold)")
    print(f"links: precision {t['link_precision']:.1%}, recall {t['link_recall']:.1%}")
    print(f"aligner time: {elapsed * 1000:.1f} ms for {sentences} sentences (bridge translation not counted)")
    if args.json:
        print(json.dumps(t))
    return 0


if __name__ == "__main__":
    sys.exit(main())
