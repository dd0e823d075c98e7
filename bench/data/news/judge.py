#!/usr/bin/env python3
"""Judge Spanish translations against the issue-23 checks in judged_en_es.json.

Each item of judged_en_es.json carries, per error class, a list of checks. A check may have

    expect_any    phrases; one of them must occur in the output
    expect_regex  a regular expression (or a list of them); one must match
    wrong_any     phrases; none of them may occur
    wrong_regex   a regular expression (or a list); none may match

A check is right when some expect matches (or the check has no expect at all) and no wrong
matches. Phrases match case-insensitively, accents count, runs of white space are one space,
and a phrase only matches whole words: "no recibe" does not match inside "no reciben", "el
lunes" does not match inside "del lunes". Regular expressions are searched case-insensitively
on the same normalised text. Standard library only.

    python3 judge.py                        # judge the stored raw Apertium output
    python3 judge.py --field reference_es   # judge the reference translations (all right)
    python3 judge.py --outputs out.json     # judge {id: Spanish output} from another system
    python3 judge.py --show wrong           # also print every failing check
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SET = HERE / "judged_en_es.json"

CLASSES = (
    "passive",
    "date_time",
    "quote_punct",
    "plural_accent",
    "verb_agreement",
    "pos_trap",
    "name_modifier",
    "dash",
)
SPLITS = ("dev", "heldout")


def normalize(text: str) -> str:
    """NFC, no-break spaces as spaces, white space collapsed, stripped."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=None)
def _phrase_re(phrase: str) -> re.Pattern:
    words = normalize(phrase).split(" ")
    body = r"\s+".join(re.escape(w) for w in words)
    return re.compile(r"(?<!\w)" + body + r"(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=None)
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def _hits(check: dict, prefix: str, text: str) -> list[str]:
    """What of the check's <prefix>_any / <prefix>_regex occurs in text."""
    found = [p for p in _as_list(check.get(prefix + "_any")) if _phrase_re(p).search(text)]
    found += [r for r in _as_list(check.get(prefix + "_regex")) if _regex(r).search(text)]
    return found


def has_expect(check: dict) -> bool:
    return bool(_as_list(check.get("expect_any")) or _as_list(check.get("expect_regex")))


def check_verdict(check: dict, output: str) -> tuple[bool, list[str], list[str]]:
    """(right, expects found, wrongs found) for one check on one output."""
    text = normalize(output)
    expects = _hits(check, "expect", text)
    wrongs = _hits(check, "wrong", text)
    right = (bool(expects) or not has_expect(check)) and not wrongs
    return right, expects, wrongs


def judge(item: dict, output: str) -> dict[str, tuple[int, int]]:
    """Per class of the item: (checks right, checks in total) for this Spanish output."""
    result: dict[str, tuple[int, int]] = {}
    for cls, checks in item.get("classes", {}).items():
        right = sum(1 for check in checks if check_verdict(check, output)[0])
        result[cls] = (right, len(checks))
    return result


def describe(check: dict) -> str:
    for key in ("en", "word", "subject_en", "note"):
        if key in check:
            extra = ""
            if key == "word":
                extra = f" ({check.get('pos')})"
            if key == "subject_en":
                extra = f" + {check.get('verb_en')}"
            return f"{check[key]}{extra}"
    return "-"


def table(totals: dict) -> str:
    """Markdown table: class | dev | heldout | all, each right/total (percent)."""
    def cell(r: int, t: int) -> str:
        return f"{r}/{t} ({100 * r / t:.0f}%)" if t else "-"

    lines = ["| class | dev | heldout | all |", "|---|---:|---:|---:|"]
    grand = {s: [0, 0] for s in SPLITS}
    for cls in CLASSES:
        row = [cls]
        r_all = t_all = 0
        for split in SPLITS:
            r, t = totals.get((split, cls), (0, 0))
            grand[split][0] += r
            grand[split][1] += t
            r_all += r
            t_all += t
            row.append(cell(r, t))
        row.append(cell(r_all, t_all))
        lines.append("| " + " | ".join(row) + " |")
    all_r = sum(v[0] for v in grand.values())
    all_t = sum(v[1] for v in grand.values())
    lines.append("| **all checks** | " + " | ".join(cell(*grand[s]) for s in SPLITS)
                 + f" | {cell(all_r, all_t)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="judged set (JSON list)")
    parser.add_argument("--field", default="apertium",
                        help="item field holding the output to judge (default: apertium)")
    parser.add_argument("--outputs", type=Path,
                        help="JSON object {item id: Spanish output}; overrides --field")
    parser.add_argument("--show", choices=("none", "wrong", "all"), default="none",
                        help="print the verdict of each check")
    args = parser.parse_args(argv)

    items = json.loads(args.set.read_text(encoding="utf-8"))
    outputs = None
    if args.outputs:
        outputs = json.loads(args.outputs.read_text(encoding="utf-8"))

    totals: dict[tuple[str, str], tuple[int, int]] = {}
    missing = 0
    for item in items:
        if outputs is not None:
            if item["id"] not in outputs:
                missing += 1
                continue
            output = outputs[item["id"]]
        else:
            output = item.get(args.field)
            if output is None:
                missing += 1
                continue
        for cls, (r, t) in judge(item, output).items():
            old = totals.get((item["split"], cls), (0, 0))
            totals[(item["split"], cls)] = (old[0] + r, old[1] + t)
        if args.show != "none":
            for cls, checks in item.get("classes", {}).items():
                for check in checks:
                    ok, exp, wrong = check_verdict(check, output)
                    if args.show == "all" or not ok:
                        mark = "RIGHT" if ok else "WRONG"
                        why = f"wrong hit {wrong}" if wrong else ("" if ok else "no expect")
                        print(f"{mark} {item['id']} [{cls}] {describe(check)} {why}")
                        if not ok or args.show == "all":
                            print(f"      {normalize(output)}")

    n_items = len(items) - missing
    source = str(args.outputs) if args.outputs else f"field '{args.field}'"
    print(f"\n{n_items} items judged from {source}"
          + (f" ({missing} without output, skipped)" if missing else ""))
    print(table(totals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
