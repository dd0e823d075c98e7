"""Agreement errors around enforced glossary terms on tests/data/agreement_cases.json, with Apertium.

    python3 bench/agreement.py                       # this code: without glossary, enforced, repaired
    python3 bench/agreement.py --dump out.json       # also write the outputs
    python3 bench/agreement.py --check out.json      # count errors in outputs made elsewhere
                                                     # (e.g. by the code on main; see bench/README.md)

Errors are counted by app.spanish.agreement.errors (Apertium's Spanish analyser): for each enforced term
with a gender, the determiners, adjectives and participles it governs that disagree with it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.terms import present  # noqa: E402
from app.glossary import matcher as glossary  # noqa: E402
from app.spanish import agreement, postprocess

CASES = ROOT / "tests" / "data" / "agreement_cases.json"


def load(path: Path = CASES):
    """(sentences, terms per sentence) of a case file."""
    data = json.loads(path.read_text())
    entries = [glossary.Entry.of(dict(t, id=i)) for i, t in enumerate(data["terms"])]
    matcher = glossary.Matcher(entries)
    sentences = data["sentences"]
    return sentences, [matcher.terms(s) for s in sentences]


def count(outputs, terms) -> tuple[int, int, list]:
    """(agreement errors, terms present, per-sentence error lists)."""
    errs = agreement.errors(outputs, terms)
    enforced = sum(present(t.target, o) for o, ts in zip(outputs, terms, strict=True) for t in ts)
    return sum(map(len, errs)), enforced, errs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--check", type=Path, help="a JSON list of outputs, one per sentence")
    parser.add_argument("--show", action="store_true", help="print every sentence with errors")
    args = parser.parse_args()
    sentences, terms = load(args.cases)
    total = sum(map(len, terms))
    if args.check:
        outputs = json.loads(args.check.read_text())
        errors, enforced, errs = count(outputs, terms)
        print(f"{args.check}: {errors} agreement errors; terms present {enforced}/{total}")
        _show(args.show, sentences, outputs, errs)
        return

    from app.translation.engines.apertium import ApertiumEngine
    from app.translation.pipeline import enforce_terms

    engine = ApertiumEngine()
    free = engine.translate_batch(sentences)
    enforced_out = enforce_terms(engine, sentences, terms)
    finished = [f.text for f in postprocess.finish(enforced_out, terms, "es-419")]
    rows = [("without glossary", free), ("enforced (stand-ins)", enforced_out), ("enforced + repair", finished)]
    print(f"{len(sentences)} sentences, {total} glossary terms")
    for name, outputs in rows:
        errors, enforced, errs = count(outputs, terms)
        print(f"{name:22} agreement errors {errors:3}   terms present {enforced}/{total}")
    _show(args.show, sentences, finished, agreement.errors(finished, terms))
    if args.dump:
        args.dump.write_text(json.dumps({n: o for n, o in rows}, ensure_ascii=False, indent=1))


def _show(show: bool, sentences, outputs, errs) -> None:
    if not show:
        return
    for s, o, e in zip(sentences, outputs, errs, strict=True):
        if e:
            print(f"- {s}\n  {o}\n  {e}")


if __name__ == "__main__":
    main()
