#!/usr/bin/env python3
"""Merge parts/judged_part*.json into judged_en_es.json and fill in the raw Apertium output.

An item in a part is either a sentence of an article, named by id "<slug>#<n>" (n counts the
article's sentences from 1, paragraphs run on) and carrying only its checks, or a standalone
sentence ("extra-NN") with its own split, topic, en and reference_es. For article sentences the
English, the reference and the split are copied from articles/<slug>.json, so they cannot drift.

Shorthands in the parts, expanded here so that judged_en_es.json holds plain checks:

    expect_w / wrong_w   regular expressions (string or list) matched as whole words: each is
                         wrapped in (?<!\\w)(?:...)(?!\\w) and added to expect_regex / wrong_regex
    preset               "quote_comma"  the quotation closes, then the comma: “...”, dijo
                         "quote_period" the quotation ends the sentence, then the period: “...”.
                         "dash"         an inciso between rayas attached to its text (—así—), or
                                        an opening raya left open at the end of the sentence;
                                        no spaced dash or hyphen used as a raya

Every date_time check also gets a case-sensitive wrong_regex for a Spanish month or weekday
written with a capital in mid-sentence ("el lunes, Marzo 30").

The Apertium output is `printf '%s\\n' "$EN" | apertium -u eng-spa`, run once per sentence,
with the final newline removed. Checks are validated: every reference must pass all of its
own checks, or the script stops. Standard library only.

    python3 build_judged.py              # writes judged_en_es.json
    python3 build_judged.py --no-apertium  # keeps the apertium field of the previous build
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from judge import CLASSES, SPLITS, check_verdict, judge  # noqa: E402

ARTICLES = HERE / "articles"
PARTS = HERE / "parts"
OUT = HERE / "judged_en_es.json"

QUOTE_CLOSE = "[”\"»]"
PRESETS = {
    "quote_comma": {
        "expect_regex": [r"[^\s,.;:]\s?" + QUOTE_CLOSE + r"\s*,"],
        "wrong_regex": [r"[,.]\s?" + QUOTE_CLOSE + r"(?=\s|$)"],
    },
    "quote_period": {
        "expect_regex": [r"[^\s,.;:]\s?" + QUOTE_CLOSE + r"\s*\.\s*$"],
        "wrong_regex": [r"[,.]\s?" + QUOTE_CLOSE + r"\s*$"],
    },
    "dash": {
        "expect_regex": [
            # —inciso— : opening raya after a space, closing raya before a space or a sign
            r"(?:^|\s)—[^\s—][^—]*[^\s—]—(?=[\s.,;:]|$)",
            # —inciso. : opening raya left open at the end of the sentence
            r"(?:^|\s)—[^\s—][^—]*[^\s—]\.?$",
        ],
        "wrong_regex": [
            # a spaced dash of any length, except the dateline's "(AP) — "
            r"(?<!\(AP\))\s[-–—]\s",
            # a hyphen or en dash used as a raya
            r"(?:^|\s)[-–](?=[^\W\d_])",
        ],
    },
}
NAMES = ("Enero|Febrero|Marzo|Abril|Mayo|Junio|Julio|Agosto|Septiembre|Setiembre|Octubre|"
         "Noviembre|Diciembre|Lunes|Martes|Miércoles|Jueves|Viernes|Sábado|Domingo")
CAPITAL_NAME = r"(?-i:(?<=[\w,] )(?:" + NAMES + r")\b)"

REQUIRED = {
    "passive": ("en", "kind"),
    "date_time": ("en",),
    "quote_punct": (),
    "plural_accent": ("en",),
    "verb_agreement": ("subject_en", "verb_en"),
    "pos_trap": ("word", "pos"),
    "name_modifier": ("en",),
    "dash": (),
}


def _list(value) -> list:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def word_bounded(pattern: str) -> str:
    return r"(?<!\w)(?:" + pattern + r")(?!\w)"


def expand(cls: str, check: dict, where: str) -> dict:
    check = dict(check)
    out: dict = {}
    preset = check.pop("preset", None)
    if preset and preset not in PRESETS:
        raise SystemExit(f"{where}: unknown preset {preset!r}")
    base = PRESETS[preset] if preset else {}
    for key in list(check):
        if key not in ("expect_any", "expect_regex", "wrong_any", "wrong_regex",
                       "expect_w", "wrong_w"):
            out[key] = check.pop(key)
    for side in ("expect", "wrong"):
        phrases = _list(check.get(f"{side}_any"))
        regexes = list(base.get(f"{side}_regex", [])) + _list(check.get(f"{side}_regex"))
        regexes += [word_bounded(p) for p in _list(check.get(f"{side}_w"))]
        if side == "wrong" and cls == "date_time":
            regexes.append(CAPITAL_NAME)
        if phrases:
            out[f"{side}_any"] = phrases
        if regexes:
            out[f"{side}_regex"] = regexes
    for field in REQUIRED[cls]:
        if field not in out:
            raise SystemExit(f"{where}: {cls} check lacks {field!r}")
    if cls == "passive" and out["kind"] not in ("event", "state"):
        raise SystemExit(f"{where}: passive kind must be event or state")
    if cls == "pos_trap" and out["pos"] not in ("noun", "verb"):
        raise SystemExit(f"{where}: pos must be noun or verb")
    if "expect_any" not in out and "expect_regex" not in out:
        raise SystemExit(f"{where}: {cls} check has nothing to expect")
    for text in _list(out.get("expect_any")) + _list(out.get("wrong_any")) \
            + _list(out.get("expect_regex")) + _list(out.get("wrong_regex")):
        if any(ord(c) < 32 for c in text):
            raise SystemExit(f"{where}: control character in {text!r} (write \\\\b, not \\b)")
    for text in _list(out.get("expect_regex")) + _list(out.get("wrong_regex")):
        try:
            re.compile(text)
        except re.error as exc:
            raise SystemExit(f"{where}: bad regex {text!r}: {exc}")
    return out


def load_articles() -> dict[str, tuple[dict, list[dict]]]:
    table = {}
    for path in sorted(ARTICLES.glob("*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        sentences = [s for para in article["paragraphs"] for s in para]
        table[article["slug"]] = (article, sentences)
    return table


def apertium(text: str) -> str:
    done = subprocess.run(["apertium", "-u", "eng-spa"], input=text + "\n",
                          capture_output=True, text=True, check=True)
    return done.stdout.rstrip("\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-apertium", action="store_true",
                        help="do not run Apertium; reuse the field from the existing output")
    args = parser.parse_args(argv)

    articles = load_articles()
    previous = {}
    if args.no_apertium and OUT.exists():
        previous = {it["id"]: it.get("apertium") for it in json.loads(OUT.read_text("utf-8"))}

    items, seen = [], set()
    for part in sorted(PARTS.glob("judged_part*.json")):
        for raw in json.loads(part.read_text(encoding="utf-8")):
            where = f"{part.name}:{raw.get('id')}"
            if raw["id"] in seen:
                raise SystemExit(f"{where}: duplicate id")
            seen.add(raw["id"])
            if "#" in raw["id"]:
                slug, n = raw["id"].split("#")
                article, sentences = articles[slug]
                sent = sentences[int(n) - 1]
                item = {"id": raw["id"], "split": article["split"], "topic": article["topic"],
                        "source": f"articles/{slug}.json", "en": sent["en"],
                        "reference_es": sent["es"]}
            else:
                item = {k: raw[k] for k in ("id", "split", "topic", "en", "reference_es")}
                item["source"] = "standalone"
            if item["split"] not in SPLITS:
                raise SystemExit(f"{where}: bad split")
            classes = {}
            for cls, checks in raw["classes"].items():
                if cls not in CLASSES:
                    raise SystemExit(f"{where}: unknown class {cls!r}")
                classes[cls] = [expand(cls, c, f"{where}[{cls}]") for c in checks]
            item["classes"] = {c: classes[c] for c in CLASSES if c in classes}
            # every reference must pass its own checks
            for cls, checks in item["classes"].items():
                for check in checks:
                    ok, _, wrong = check_verdict(check, item["reference_es"])
                    if not ok:
                        raise SystemExit(f"{where}: the reference fails a {cls} check "
                                         f"{check.get('en') or check.get('word') or ''!r}"
                                         f" (wrong hits: {wrong})")
            items.append(item)

    for item in items:
        if args.no_apertium and previous.get(item["id"]) is not None:
            item["apertium"] = previous[item["id"]]
        else:
            item["apertium"] = apertium(item["en"])
    ordered = []
    for item in items:
        ordered.append({k: item[k] for k in ("id", "split", "topic", "source", "en",
                                             "reference_es", "apertium", "classes")})
    OUT.write_text(json.dumps(ordered, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    counts: dict[tuple[str, str], int] = {}
    for item in ordered:
        for cls, (r, t) in judge(item, item["reference_es"]).items():
            counts[(item["split"], cls)] = counts.get((item["split"], cls), 0) + t
    n_split = {s: sum(1 for it in ordered if it["split"] == s) for s in SPLITS}
    print(f"{len(ordered)} items ({n_split['dev']} dev, {n_split['heldout']} heldout), "
          f"{sum(1 for it in ordered if it['source'] == 'standalone')} standalone -> {OUT.name}")
    print("checks per class: " + ", ".join(
        f"{c} {counts.get(('dev', c), 0)}+{counts.get(('heldout', c), 0)}" for c in CLASSES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
