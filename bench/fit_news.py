"""News Spanish around the engine (issue 23, items 6-8): raw Apertium vs the full pipeline, per error class.

    python3 bench/fit_news.py                          # this checkout's pipeline, es-419
    python3 bench/fit_news.py --app-root /work/main    # another checkout's pipeline (e.g. "before")
    python3 bench/fit_news.py --locales all            # the format classes in all five locales
    python3 bench/fit_news.py --show wrong --split dev # every failing check of a class (dev only!)

Two measures:
1. The issue-23 judged set (bench/data/news/judged_en_es.json, checked by its judge.py): per class,
   the checks a Spanish output passes, on the "dev" split (developed on), the "heldout" split (never
   looked at while developing) and both. Columns: the stored raw Apertium output (`apertium -u`),
   and the full pipeline (curated glossary, localiser, engine, agreement, passive, typography).
2. The bundled article (app/data/cecot-article.txt), segmented and furnished as the app does, with
   error counts by detectors that do not use the code under test: English weekday/month names and
   "encima"/"sobre" + weekday left in the Spanish, a weekday without its article, "a.m."/"p.m."
   left, a comma or period inside a closing quote, a spaced dash (not a dateline's), and the
   *estar* vs *ser* + participle pairs found by Apertium's Spanish analyser.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.resources
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SET = ROOT / "bench" / "data" / "news" / "judged_en_es.json"
LOCALES = ("es", "es-419", "es-SV", "es-MX", "es-US")
FOCUS = ("passive", "date_time", "quote_punct", "dash")

_WEEKDAYS = "lunes|martes|miércoles|jueves|viernes|sábado|domingo"
DETECTORS = {
    "date_time": [
        r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July"
        r"|August|September|October|November|December|Marcha)\b",
        rf"\b(?:encima|sobre|en) (?:{_WEEKDAYS}|\d{{1,2}} de [a-z]+)\b",
        rf"(?<!\bel )(?<!\blos )(?<!\bdel )(?<!\bal )(?<!\beste )(?<!\bcada )(?<!\bpróximo )(?<!\bde )"
        rf"(?<!\blas )(?<!\bun )\b(?:{_WEEKDAYS})\b",
        r"\b\d{1,2}(?::\d\d)? ?[ap]\.m\.",
        rf"\b(?:{_WEEKDAYS}), \d{{1,2}} de\b(?!.*\bde \d{{4}}\s*$)",
    ],
    "quote_punct": [r"[,.][ ]?[”\"»]"],
    "dash": [r"(?<!\(AP\))\s[-–—]\s"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--app-root", type=Path, default=ROOT, help="checkout whose `app` package to measure")
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="judged set (judge.py next to it)")
    parser.add_argument("--locales", default="es-419", help="comma-separated, or 'all'")
    parser.add_argument("--show", choices=("none", "wrong"), default="none")
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="dev", help="what --show prints")
    parser.add_argument("--dump", type=Path, help="write {locale: {id: output}} as JSON")
    args = parser.parse_args()
    sys.path.insert(0, str(args.app_root.resolve()))
    locales = LOCALES if args.locales == "all" else tuple(args.locales.split(","))
    run = Runner()
    print(f"code: {args.app_root.resolve()}\n")
    dumped = {}
    if args.set.exists():
        dumped = judged(run, args.set, locales, args.show, args.split)
    else:
        print(f"(no judged set at {args.set})\n")
    article(run, locales)
    if args.dump:
        args.dump.write_text(json.dumps(dumped, ensure_ascii=False, indent=1))


class Runner:
    """The pipeline of the imported checkout: glossary, localiser, engine, finishing."""

    def __init__(self) -> None:
        from app.glossary import matcher as glossary
        from app.translation import pipeline
        from app.translation.engines.apertium import ApertiumEngine

        self.pipeline = pipeline
        self.engine = ApertiumEngine()
        if not self.engine.available():
            sys.exit("Apertium eng-spa is not installed")
        rows = json.loads(importlib.resources.files("app.data").joinpath("glossary.json").read_text("utf-8"))
        self.matcher = glossary.Matcher([glossary.Entry.of(dict(r, id=i)) for i, r in enumerate(rows, 1)])

    def translate(self, sources: list[str], locale: str) -> list[str]:
        """The full pipeline's Spanish for English sentences (each its own segment)."""
        p = self.pipeline
        works = [p.Work(i, p.engine_input(s), p.terms_for(p.engine_input(s), self.matcher, locale, s))
                 for i, s in enumerate(sources)]
        return [o.text for o in p.translate(self.engine, works, locale)]

    def raw(self, sources: list[str]) -> list[str]:
        return self.engine.translate_batch(sources)


def judged(run: Runner, path: Path, locales: tuple[str, ...], show: str, split: str) -> dict:
    """Per-class table for the judged set: raw Apertium vs the pipeline in each locale."""
    sys.path.insert(0, str(path.parent))
    judge = importlib.import_module("judge")
    items = json.loads(path.read_text(encoding="utf-8"))
    sources = [i["en"] for i in items]
    columns = {"raw Apertium": [i["apertium"] for i in items]}
    for locale in locales:
        columns[f"pipeline {locale}"] = run.translate(sources, locale)
    splits = ("dev", "heldout")
    sizes = ", ".join(f"{s} {sum(i['split'] == s for i in items)}" for s in splits)
    print(f"Judged set: {len(items)} sentences ({sizes})")
    header = "| class | " + " | ".join(f"{c}: dev | heldout | all" for c in columns) + " |"
    print(header.replace(": dev | heldout | all", " (dev / heldout / all)"))
    print("|---|" + "---:|" * len(columns))
    classes = [c for c in judge.CLASSES if any(c in i.get("classes", {}) for i in items)]
    for cls in [*FOCUS, *[c for c in classes if c not in FOCUS]]:
        cells = []
        for outputs in columns.values():
            per = {s: [0, 0] for s in splits}
            for item, out in zip(items, outputs, strict=True):
                r, t = judge.judge(item, out).get(cls, (0, 0))
                per[item["split"]][0] += r
                per[item["split"]][1] += t
            both = [per["dev"][0] + per["heldout"][0], per["dev"][1] + per["heldout"][1]]
            cells.append(" / ".join(f"{r}/{t}" for r, t in (per["dev"], per["heldout"], both)))
        print(f"| {cls} | " + " | ".join(cells) + " |")
    print()
    if show == "wrong":
        outputs = columns[f"pipeline {locales[0]}"]
        for item, out in zip(items, outputs, strict=True):
            if split != "all" and item["split"] != split:
                continue
            for cls in FOCUS:
                for check in item.get("classes", {}).get(cls, []):
                    ok, _, wrong = judge.check_verdict(check, out)
                    if not ok:
                        print(f"WRONG {item['id']} [{cls}] {judge.describe(check)} {wrong or ''}")
                        print(f"   {item['en']}\n   {out}")
        print()
    return {name: {i["id"]: o for i, o in zip(items, outs, strict=True)} for name, outs in columns.items()}


def article(run: Runner, locales: tuple[str, ...]) -> None:
    """Detector counts on the bundled article: raw Apertium vs the pipeline."""
    from app.intake import furniture, headline, parse, segment
    from app.spanish import morphology

    text = (ROOT / "app" / "data" / "cecot-article.txt").read_text(encoding="utf-8")
    parsed = parse.parse(text)
    segs = segment.segment(parsed.blocks, headline.readable(parsed.title, run.matcher), parsed.byline)
    print(f"Bundled article: {len(segs)} segments")
    engine_segs = [s for s in segs if furniture.render(s.kind, s.text, "es-419") is None]
    columns = {"raw Apertium": run.raw([run.pipeline.engine_input(s.text) for s in engine_segs])}
    for locale in locales:
        columns[f"pipeline {locale}"] = run.translate([s.text for s in engine_segs], locale)
    print("| detector | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for cls, patterns in DETECTORS.items():
        counts = [sum(len(re.findall(p, o)) for p in patterns for o in outs) for outs in columns.values()]
        print(f"| {cls} | " + " | ".join(map(str, counts)) + " |")
    for name in ("estar", "ser"):
        counts = [_copula_participles(outs, name, morphology) for outs in columns.values()]
        print(f"| {name} + participle | " + " | ".join(map(str, counts)) + " |")
    print()


def _copula_participles(outputs: list[str], copula: str, morphology) -> int:
    """How many times a form of `copula` is followed by a participle (adverbs may come between)."""
    count = 0
    for tokens in morphology.analyse(outputs):
        for i, token in enumerate(tokens):
            if not any(r.lemma.lower() == copula and r.pos in ("vblex", "vbser") for r in token.readings):
                continue
            for nxt in tokens[i + 1 : i + 3]:
                if any(r.pos == "vblex" and "pp" in r.tags for r in nxt.readings):
                    count += 1
                    break
                if not nxt.has("adv"):
                    break
    return count


if __name__ == "__main__":
    main()
