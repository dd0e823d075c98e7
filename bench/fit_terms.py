"""Terms that fit the sentence (issue 23, items 1-5): raw Apertium vs the full pipeline with the glossary.

    python3 bench/fit_terms.py translate --out after.json                 # outputs of this code
    python3 bench/fit_terms.py translate --code /path/to/main --out before.json  # of older code
    python3 bench/fit_terms.py measure --before before.json --after after.json

Data: the issue-23 judged set and its articles (bench/data/news/, `--news` to point elsewhere), the
bundled article, the constructed English articles of bench/data/bilingual/ (where present), the
saved web pages of tests/fixtures/pages, and two
judgement files written for this measurement:

- bench/data/term_pos_judged.json: every match of a part-of-speech-restricted glossary entry in
  those texts was read; the ones where the English is not the entry's part of speech are listed;
- bench/data/grammar_judged.json: raw Apertium outputs of the judged set, with the agreement errors
  a reader finds in each (NP, REL, SV, PRED), written before the checker was run on the heldout half.

Per class: (1) false term matches, (2) verbs that disagree with an enforced subject, (3) plurals
missing an accent, (4) names left in front of the noun they modify, (5) the grammar check's
precision and recall; plus the judged set's own checks (judge.py) for those classes. "dev" is what
the code was developed on, "heldout" what it was not.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT / "bench" / "data" / "news"
POS_JUDGED = ROOT / "bench" / "data" / "term_pos_judged.json"
GRAMMAR_JUDGED = ROOT / "bench" / "data" / "grammar_judged.json"
CLASSES = ("pos_trap", "verb_agreement", "plural_accent", "name_modifier")
LOCALE = "es"


# --- data --------------------------------------------------------------------------------------------


def texts(news: Path) -> dict[str, dict]:
    """Every text to translate: {name: {"split", "sentences"}} (articles segmented as the app does)."""
    from app.intake.extract import extract
    from app.intake.parse import ArticleError, parse
    from app.intake.segment import segment

    out: dict[str, dict] = {}
    sources = [(p, json.loads(p.with_name(p.name.replace(".en.txt", ".json")).read_text())["split"])
               for p in sorted((news / "articles").glob("*.en.txt"))]
    sources.append((ROOT / "app" / "data" / "cecot-article.txt", "dev"))
    sources += [(p, "other") for p in sorted((ROOT / "bench" / "data" / "bilingual").glob("en_*/en.txt"))]
    for path, split in sources:
        article = parse(path.read_text(encoding="utf-8"))
        sentences = [s.text for s in segment(article.blocks, article.title, article.byline)
                     if s.kind not in ("byline", "dateline")]  # written by template, not translated
        name = path.parent.name if path.name == "en.txt" else path.name.split(".")[0]
        out[name] = {"split": split, "sentences": sentences}
    for path in sorted((ROOT / "tests" / "fixtures" / "pages").glob("*.html")):
        try:
            article = extract(path.read_text(encoding="utf-8")).article
        except ArticleError:
            continue  # the paywall teaser has no article
        sentences = [s.text for s in segment(article.blocks, article.title, article.byline)]
        out[path.stem] = {"split": "other", "sentences": sentences}
    judged = json.loads((news / "judged_en_es.json").read_text(encoding="utf-8"))
    for split in ("dev", "heldout"):
        extras = [i["en"] for i in judged if i["id"].startswith("extra") and i["split"] == split]
        out[f"judged-extras-{split}"] = {"split": split, "sentences": extras}
    return out


def glossary_matcher():
    from app.glossary import matcher as glossary
    from app.interchange.glossary_files import bundled_rows

    return glossary.Matcher([glossary.Entry.of(dict(row, id=i + 1)) for i, row in enumerate(bundled_rows())])


# --- translate (runs on this code and on older code) -------------------------------------------------


def translate(news: Path, out: Path) -> None:
    """Raw Apertium and the full pipeline for every sentence of every text and of the judged set."""
    from app.spanish import postprocess
    from app.translation import pipeline
    from app.translation.engines.apertium import ApertiumEngine

    matcher = glossary_matcher()
    judged = json.loads((news / "judged_en_es.json").read_text(encoding="utf-8"))
    sentences = sorted({s for t in texts(news).values() for s in t["sentences"]} | {i["en"] for i in judged})
    if hasattr(pipeline, "tag_ahead"):
        pipeline.tag_ahead(sentences)
    inputs = [pipeline.engine_input(s) for s in sentences]
    terms = [pipeline.terms_for(i, matcher, LOCALE, s) for i, s in zip(inputs, sentences, strict=True)]
    engine = ApertiumEngine()
    done = postprocess.finish(pipeline.enforce_terms(engine, inputs, terms), terms, LOCALE)
    result = {
        "raw": dict(zip(sentences, raw_apertium(inputs), strict=True)),
        "pipeline": {s: d.text for s, d in zip(sentences, done, strict=True)},
        "terms": {s: [[t.start, t.end, t.source, t.target, t.kind, t.gender, t.number] for t in ts]
                  for s, ts in zip(sentences, terms, strict=True)},
    }
    out.write_text(json.dumps(result, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(sentences)} sentences -> {out}")


def raw_apertium(sentences: list[str]) -> list[str]:
    """`apertium -u eng-spa` with nothing protected, one call for all (sentences joined by superblanks)."""
    escaped = [re.sub(r"([\[\]^$/\\<>@*{}])", r"\\\1", s) for s in sentences]
    payload = "".join(f"{s}\n[§r{i}§]\n" for i, s in enumerate(escaped))
    stdout = subprocess.run(["apertium", "-u", "-f", "none", "eng-spa"], input=payload, capture_output=True,
                            text=True, check=True, timeout=600).stdout
    parts = re.split(r"\s*\[§r(\d+)§\]\s*", stdout)
    return [re.sub(r"\\(.)", r"\1", p).strip() for p in parts[0:-1:2]]


# --- (1) false term matches ------------------------------------------------------------------------


def false_matches(news: Path) -> dict:
    """Matches of part-of-speech-restricted entries, without and with the tagger, against the judgement."""
    from app.english import tagger

    matcher = glossary_matcher()
    judged = json.loads(POS_JUDGED.read_text(encoding="utf-8"))
    false = {(f["sentence"], f["start"]) for f in judged["false_matches"]}
    counts = Counter()
    for text in texts(news).values():
        split = text["split"]
        tagger.prime(text["sentences"])
        for sentence in text["sentences"]:
            without = [m for m in matcher.find(sentence) if m.entry.pos != "any"]
            kept = {m.start for m in matcher.find(sentence, words=tagger.words(sentence))}
            for m in without:
                wrong = (sentence, m.start) in false
                counts[(split, "matches")] += 1
                counts[(split, "false before")] += wrong
                counts[(split, "false after")] += wrong and m.start in kept
                counts[(split, "true lost")] += not wrong and m.start not in kept
    return counts


# --- (2) verbs and enforced subjects -----------------------------------------------------------------


def subject_verbs(outputs: dict[str, str], terms: dict[str, list]) -> tuple[int, int]:
    """(verbs that disagree with an enforced subject, enforced subjects followed by a verb) in outputs.

    A term (a common noun) is a subject where the English tagger reads a finite verb or an auxiliary
    right after it (adverbs skipped); in the Spanish, the first finite verb within six words after
    its rendering must have its number.
    """
    from app.core.apertium_stream import DATA_DIR, tag
    from app.english import tagger

    sentences = [s for s in outputs if terms.get(s)]
    tagger.prime(sentences)
    spanish = tag(DATA_DIR / "spa-eng.automorf.bin", DATA_DIR / "spa-eng.prob", [outputs[s] for s in sentences])
    wrong = total = 0
    for sentence, words in zip(sentences, spanish, strict=True):
        english = tagger.words(sentence) or []
        for start, end, _source, target, kind, _gender, number in terms[sentence]:
            if kind != "translate" or not target[:1].islower() or not _english_subject(english, start, end):
                continue  # common nouns only: "Estados Unidos es" is right although the name is plural
            verb = _verb_after(outputs[sentence], words, target)
            if verb is None:
                continue
            total += 1
            plural = number == "pl"
            wrong += ("pl" in verb.tags) != plural
    return wrong, total


_FINITE = {"pri", "pii", "ifi", "fti", "cni", "prs", "pis", "pres", "past"}


def _english_subject(words, start: int, end: int) -> bool:
    after = [w for w in words if w.start >= end]
    before = [w for w in words if w.end <= start]
    if before and before[-1].pos in ("pr", "vblex", "vbser", "det") and before[-1].surface.lower() != "the":
        return False
    auxiliary = False
    for w in after[:4]:
        if w.pos == "adv":
            continue
        if w.pos in ("vbdo", "vaux", "vbmod") and not auxiliary:
            auxiliary = True  # "do not receive", "will receive": the verb after it is the subject's
            continue
        return w.pos in ("vblex", "vbser", "vbhaver") and (auxiliary or bool(set(w.tags) & _FINITE))
    return auxiliary


def _verb_after(text: str, words, target: str):
    m = re.search(r"(?<!\w)" + re.escape(target) + r"(?!\w)", text, re.IGNORECASE)
    if not m:
        return None
    after = [w for w in words if w.start >= m.end()][:6]
    for w in after:
        if set(w.tags) & _FINITE and "p3" in w.tags:
            return w
        if w.pos in ("cm", "sent") or w.surface.lower() in ("que", "y", "quien", "quienes"):
            return None
    return None


# --- (3) plurals ------------------------------------------------------------------------------------


def plural_accents() -> dict:
    """Derived Spanish plurals against the plurals the curators wrote, by spelling rules and by the generator.

    The bundled glossary gives the Spanish plural of most nouns by hand; those are the gold. Every other
    entry with a gender gets a derived plural, where rules and generator are compared with each other.
    """
    from app.interchange.glossary_files import bundled_rows
    from app.spanish import plural

    nouns = [r for r in bundled_rows() if r["kind"] == "translate" and r.get("gender")]
    gold = [r for r in nouns if r.get("target_plural")]
    generated = plural.generated([r["target"] for r in gold])
    out = {"gold": len(gold), "wrong": {}, "accent": {}, "examples": []}
    for r, g in zip(gold, generated, strict=True):
        for method, derived in (("rules", plural.rule_plural(r["target"])), ("generator", g)):
            wrong = derived != r["target_plural"]
            out["wrong"][method] = out["wrong"].get(method, 0) + wrong
            out["accent"][method] = out["accent"].get(method, 0) + (
                wrong and _unaccented(derived) == _unaccented(r["target_plural"]))
            if wrong:
                out["examples"].append((method, r["target"], derived, r["target_plural"]))
    derived = [r for r in nouns if not r.get("target_plural")]
    out["derived"] = len(derived)
    out["differ"] = [(r["target"], plural.rule_plural(r["target"]), g)
                     for r, g in zip(derived, plural.generated([r["target"] for r in derived]), strict=True)
                     if plural.rule_plural(r["target"]) != g]
    return out


def _unaccented(text: str) -> str:
    return text.translate(str.maketrans("áéíóú", "aeiou"))


# --- (4) names in front of their noun ----------------------------------------------------------------


def names_in_front(outputs: dict[str, str], terms: dict[str, list]) -> int:
    """Kept names followed in the Spanish by a common noun ("CECOT presos", "ICE agentes")."""
    from app.spanish import morphology

    hits = []
    for sentence, text in outputs.items():
        for _s, _e, _src, target, kind, _g, _n in terms.get(sentence, []):
            if kind == "keep":
                hits += [m.group(1) for m in re.finditer(re.escape(target) + r" ([a-záéíóúñ]+)", text)]
    if not hits:
        return 0
    analysed = morphology.analyse(hits)
    return sum(1 for tokens in analysed if tokens and tokens[0].has("n") and not tokens[0].has("vblex", "pr", "cnjcoo"))


# --- (5) the grammar check ----------------------------------------------------------------------------


def grammar_scores() -> dict:
    """Precision and recall of app.spanish.grammar (and of the old check around terms) per split and system."""
    from app.spanish import agreement, grammar

    items = json.loads(GRAMMAR_JUDGED.read_text(encoding="utf-8"))["items"]
    found = grammar.check([i["es"] for i in items])
    matcher = glossary_matcher()
    old = agreement.errors([i["es"] for i in items], [matcher.terms(i["en"]) for i in items])
    scores: dict = {}
    for item, new, before in zip(items, found, old, strict=True):
        gold = Counter(e["word"].lower() for e in item["errors"])
        key = (item["split"], item["system"])
        for method, predicted in (("around terms (before)", Counter(e["word"].lower() for e in before)),
                                  ("independent (after)", Counter(p.word.lower() for p in new))):
            s = scores.setdefault((*key, method), Counter())
            hit = sum((gold & predicted).values())
            s["tp"] += hit
            s["fp"] += sum(predicted.values()) - hit
            s["fn"] += sum(gold.values()) - hit
            s["sentences with errors"] += bool(gold)
            s["flagged right"] += bool(gold) and bool(predicted)
            s["flagged wrong"] += not gold and bool(predicted)
            if method.startswith("independent"):
                kinds = scores.setdefault((*key, "by kind"), Counter())
                for e in item["errors"]:
                    kinds[(e["kind"], e["word"].lower() in predicted)] += 1
                if predicted - gold:
                    scores.setdefault((*key, "false alarms"), []).append(
                        (item["id"], [(p.word, p.kind, p.governor) for p in new if p.word.lower() in predicted - gold]))
    return scores


# --- the judged set's own checks ---------------------------------------------------------------------


def judged_checks(news: Path, outputs: dict[str, dict[str, str]]) -> dict:
    """judge.py's right/total per class and split, for each system."""
    spec = importlib.util.spec_from_file_location("judge", news / "judge.py")
    judge = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(judge)
    items = json.loads((news / "judged_en_es.json").read_text(encoding="utf-8"))
    table: dict = {}
    for system, out in outputs.items():
        for item in items:
            for cls, (right, total) in judge.judge(item, out[item["en"]]).items():
                if cls in CLASSES:
                    cell = table.setdefault((system, item["split"], cls), [0, 0])
                    cell[0] += right
                    cell[1] += total
    return table


# --- report ------------------------------------------------------------------------------------------


def measure(news: Path, before: Path, after: Path) -> None:
    b = json.loads(before.read_text(encoding="utf-8"))
    a = json.loads(after.read_text(encoding="utf-8"))
    systems = {"raw Apertium": a["raw"], "pipeline before": b["pipeline"], "pipeline after": a["pipeline"]}
    splits = ("dev", "heldout")
    print("### Judged set (judge.py), right/total\n")
    table = judged_checks(news, systems)
    print("| class | " + " | ".join(f"{s} {sp}" for s in systems for sp in splits) + " |")
    print("|---|" + "---:|" * (len(systems) * len(splits)))
    for cls in CLASSES:
        cells = [table.get((s, sp, cls), [0, 0]) for s in systems for sp in splits]
        print(f"| {cls} | " + " | ".join(f"{r}/{t}" for r, t in cells) + " |")

    print("\n### (1) False term matches (part-of-speech-restricted entries, all texts)\n")
    fm = false_matches(news)
    print("| texts | matches | false before | false after | true matches lost |\n|---|---:|---:|---:|---:|")
    for split in sorted({k[0] for k in fm}):
        print(f"| {split} | {fm[(split, 'matches')]} | {fm[(split, 'false before')]} | "
              f"{fm[(split, 'false after')]} | {fm[(split, 'true lost')]} |")

    print("\n### (2) Verbs disagreeing with an enforced subject (all sentences)\n")
    wrong_b, total_b = subject_verbs(b["pipeline"], b["terms"])
    wrong_a, total_a = subject_verbs(a["pipeline"], a["terms"])
    print(f"before: {wrong_b} of {total_b} enforced subjects; after: {wrong_a} of {total_a}")

    print("\n### (3) Plurals\n")
    pa = plural_accents()
    print(f"Against the {pa['gold']} plurals the curators wrote: spelling rules wrong {pa['wrong']['rules']} "
          f"({pa['accent']['rules']} by an accent only), generator wrong {pa['wrong']['generator']} "
          f"({pa['accent']['generator']} by an accent only).")
    print("Wrong: " + "; ".join(f"{m} {t} -> {d} (curated {g})" for m, t, d, g in pa["examples"]))
    print(f"The {pa['derived']} nouns without a curated plural, where rules and generator differ: "
          + "; ".join(f"{t}: {r} / {g}" for t, r, g in pa["differ"]))

    print("\n### (4) Names left in front of the noun they modify (kept names, all sentences)\n")
    print(f"before: {names_in_front(b['pipeline'], b['terms'])}; after: {names_in_front(a['pipeline'], a['terms'])}")

    print("\n### (5) Grammar check against the judged agreement errors\n")
    scores = grammar_scores()
    print("| split | output judged | method | errors | found | false alarms | precision | recall | sentences "
          "flagged right/with errors | flagged without errors |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    keys = sorted({k[:2] for k in scores})
    for split, system in keys:
        for method in ("around terms (before)", "independent (after)"):
            s = scores[(split, system, method)]
            errors = s["tp"] + s["fn"]
            precision = s["tp"] / (s["tp"] + s["fp"]) if s["tp"] + s["fp"] else 0.0
            print(f"| {split} | {system} | {method} | {errors} | {s['tp']} | {s['fp']} | {precision:.2f} | "
                  f"{s['tp'] / errors if errors else 0:.2f} | {s['flagged right']}/{s['sentences with errors']} | "
                  f"{s['flagged wrong']} |")
    for split, system in keys:
        kinds = scores[(split, system, "by kind")]
        print(f"\n{split}, {system}: recall by kind " + ", ".join(
            f"{k} {kinds[(k, True)]}/{kinds[(k, True)] + kinds[(k, False)]}" for k in ("NP", "REL", "SV", "PRED"))
            + "; false alarms: " + ("; ".join(f"{i} {w}" for i, w in scores.get((split, system, "false alarms"), []))
                                    or "none"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("translate")
    t.add_argument("--out", type=Path, required=True)
    t.add_argument("--code", type=Path, default=ROOT, help="the checkout whose app/ translates (default: this one)")
    m = sub.add_parser("measure")
    m.add_argument("--before", type=Path, required=True)
    m.add_argument("--after", type=Path, required=True)
    for p in (t, m):
        p.add_argument("--news", type=Path, default=NEWS)
    args = parser.parse_args()
    sys.path.insert(0, str(getattr(args, "code", ROOT)))
    if args.command == "translate":
        translate(args.news, args.out)
    else:
        measure(args.news, args.before, args.after)


if __name__ == "__main__":
    main()
