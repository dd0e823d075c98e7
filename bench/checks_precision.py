"""Precision and recall of the quality checks (issue 25) on sentences a person judged, plus made-up errors.

    python3 bench/checks_precision.py                 # the tables for bench/README.md
    python3 bench/checks_precision.py --show fp       # every false alarm, with the sentence
    python3 bench/checks_precision.py --show fn       # every problem no check caught

1. The judged set (bench/data/checks/judged.json): the 166 sentences of bench/data/news/judged_en_es.json, each
   with three Spanish versions: raw Apertium (`apertium -u eng-spa`), the full pipeline at the commit that built
   the file, and the professional reference. For the first two, the problems a reader would need to fix were
   judged by hand per check (see the README); the references count as having none. The checks run on the stored
   texts with the stored term reports and engine unknown-word lists, as the app runs them on a translation.
   A flag on a sentence judged to have that problem is a hit; any other flag is a false alarm.
   heldout.json: the 32 sentence pairs aligned one to one in bench/data/bilingual's three English-source articles,
   which were not looked at while the checks were written; the pipeline's output judged the same way afterwards.
2. Made-up errors: each reference with a negation, a number, quotes or brackets gets that one thing broken
   (negation removed, a digit changed, a closing mark removed, a word doubled, the second half cut), and the
   check meant for it must flag the broken version. This measures recall for problems the engines here rarely
   make; the unbroken references give the false alarms.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.translation import checks  # noqa: E402
from app.translation.checks import Model, Pair  # noqa: E402

JUDGED = ROOT / "bench" / "data" / "checks" / "judged.json"
HELDOUT = ROOT / "bench" / "data" / "checks" / "heldout.json"
SYSTEMS = ("apertium", "pipeline", "reference")
# a judged problem and the checks that report it
CHECK_OF = {"brackets": "punctuation", "quotes": "punctuation", "doubled": "doubled"}


def judged_label(check: str) -> str:
    return CHECK_OF.get(check, check)


def run(items: list[dict], system: str) -> list[list]:
    pairs = [Pair(i["en"], i[system]["text"], terms=i[system].get("terms", []), unknown=i[system].get("unknown"))
             for i in items]
    model = Model.of((len(i["en"]), len(i[system]["text"])) for i in items)
    return checks.run(pairs, model)


def judged_tables(items: list[dict], show: str, title: str) -> None:
    print(f"### {title}\n")
    print("| check | system | flagged | hits | false alarms | precision | problems judged | caught | recall |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for system in [s for s in SYSTEMS if s in items[0]]:
        results = run(items, system)
        flagged, hits = Counter(), Counter()
        caught, problems = Counter(), Counter()
        for item, issues in zip(items, results, strict=True):
            truth = set(item[system]["problems"])
            seen = {judged_label(i.check) for i in issues}
            for label in seen:
                flagged[label] += 1
                hits[label] += label in truth
                if label not in truth and show == "fp":
                    print(f"FP {system} {item['id']} {label}: "
                          f"{[checks.message(i.as_dict()) for i in issues if judged_label(i.check) == label]}\n"
                          f"   EN {item['en']}\n   ES {item[system]['text']}")
            for label in truth:
                problems[label] += 1
                caught[label] += label in seen
                if label not in seen and show == "fn":
                    print(f"FN {system} {item['id']} {label}: {item['note']}\n   ES {item[system]['text']}")
        for label in sorted(set(flagged) | set(problems)):
            f, h, p, c = flagged[label], hits[label], problems[label], caught[label]
            precision = f"{h / f:.0%}" if f else "–"
            recall = f"{c / p:.0%}" if p else "–"
            print(f"| {label} | {system} | {f} | {h} | {f - h} | {precision} | {p} | {c} | {recall} |")
    print()


def _negation_removed(text: str) -> str | None:
    out = re.sub(r"(?i)(?<!\w)(no|nunca|jamás) (?=\w)", "", text, count=1)
    return out if out != text else None


def _number_changed(text: str) -> str | None:
    m = re.search(r"\d", text)
    return text[:m.start()] + str((int(m.group()) + 3) % 10) + text[m.end():] if m else None


def _closing_removed(text: str) -> str | None:
    for mark in ("”", ")", "»"):
        if mark in text:
            i = text.rindex(mark)
            return text[:i] + text[i + 1:]
    return None


def _doubled(text: str) -> str | None:
    words = text.split()
    if len(words) < 4:
        return None
    return " ".join(words[:2] + [words[2]] + words[2:])


def _cut(text: str) -> str | None:
    words = text.split()
    return " ".join(words[: len(words) // 2]) + "." if len(words) >= 12 else None


MUTATIONS = {"negation": (_negation_removed, "negation"), "number": (_number_changed, "number"),
             "quotes/brackets": (_closing_removed, "punctuation"), "doubled": (_doubled, "doubled"),
             "length (cut in half)": (_cut, "length")}


def made_up(items: list[dict]) -> None:
    print("### Made-up errors in the references (recall), and false alarms on the references as written\n")
    print("| error made | sentences | caught by its check | recall |")
    print("|---|---:|---:|---:|")
    model = Model.of((len(i["en"]), len(i["reference"]["text"])) for i in items)
    for name, (mutate, label) in MUTATIONS.items():
        broken = [(i, mutate(i["reference"]["text"])) for i in items]
        broken = [(i, t) for i, t in broken if t]
        pairs = [Pair(i["en"], t, terms=[]) for i, t in broken]
        results = checks.run(pairs, model)
        caught = sum(any(judged_label(x.check) == label for x in issues) for issues in results)
        print(f"| {name} | {len(broken)} | {caught} | {caught / len(broken):.0%} |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", choices=("none", "fp", "fn"), default="none")
    args = parser.parse_args()
    items = json.loads(JUDGED.read_text("utf-8"))
    judged_tables(items, args.show, "Judged sentences (166: 80 dev, 86 heldout), looked at while the checks were made")
    judged_tables(json.loads(HELDOUT.read_text("utf-8")), args.show,
                  "Held out: 32 one-to-one sentences of bench/data/bilingual's three English articles, judged after")
    made_up(items)
    by_split = defaultdict(int)
    for i in items:
        by_split[i["split"]] += 1
    print(f"({dict(by_split)})")


if __name__ == "__main__":
    main()
