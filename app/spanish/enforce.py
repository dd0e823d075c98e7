"""Put fixed renderings (glossary terms, numbers, dates) into engine output with Spanish agreement."""

from __future__ import annotations

import re

from app.core.terms import Term

# Determiners and contractions that must agree with the noun that follows: (gender, number) -> form.
DETERMINERS = {
    "article": {("m", "sg"): "el", ("f", "sg"): "la", ("m", "pl"): "los", ("f", "pl"): "las"},
    "indefinite": {("m", "sg"): "un", ("f", "sg"): "una", ("m", "pl"): "unos", ("f", "pl"): "unas"},
    "this": {("m", "sg"): "este", ("f", "sg"): "esta", ("m", "pl"): "estos", ("f", "pl"): "estas"},
    "that": {("m", "sg"): "ese", ("f", "sg"): "esa", ("m", "pl"): "esos", ("f", "pl"): "esas"},
    "possessive": {("m", "sg"): "su", ("f", "sg"): "su", ("m", "pl"): "sus", ("f", "pl"): "sus"},
    "del": {("m", "sg"): "del", ("f", "sg"): "de la", ("m", "pl"): "de los", ("f", "pl"): "de las"},
    "al": {("m", "sg"): "al", ("f", "sg"): "a la", ("m", "pl"): "a los", ("f", "pl"): "a las"},
}
_FORMS = {
    form.lower(): family for family, table in DETERMINERS.items() for form in table.values()
}
_DET_BEFORE = re.compile(
    r"(?<![\w])(de la|de las|de los|a la|a las|a los|"
    + "|".join(sorted((f for f in _FORMS if " " not in f), key=len, reverse=True))
    + r")(\s+)$",
    re.IGNORECASE,
)
_FAMILY_OF = dict(_FORMS)
_FAMILY_OF.update({"de la": "del", "de las": "del", "de los": "del", "a la": "al", "a las": "al", "a los": "al"})


def agree(before: str, term: Term) -> str:
    """Make the determiner that ends `before` agree with the term's gender and number."""
    if term.gender not in ("m", "f") or term.kind not in ("translate",):
        return before
    m = _DET_BEFORE.search(before)
    if not m:
        return before
    word = m.group(1)
    family = _FAMILY_OF[word.lower()]
    wanted = DETERMINERS[family][(term.gender, term.number or "sg")]
    if word[0].isupper():
        wanted = wanted[0].upper() + wanted[1:]
    return before[: m.start(1)] + wanted + m.group(2)


_SENTENCE_START = re.compile(r"(^|[.!?:]\s)[\s\"'“‘«¿¡(\[—–-]*$")


def restore(text: str, placeholders: dict[str, Term]) -> str:
    """Replace each placeholder in engine output by its term, fixing agreement and capitals."""
    if not placeholders:
        return text
    pattern = re.compile("|".join(re.escape(p) for p in sorted(placeholders, key=len, reverse=True)))
    out: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        term = placeholders[m.group(0)]
        before = agree("".join(out) + text[pos : m.start()], term)
        target = term.target
        if _SENTENCE_START.search(before) and target[:1].islower():
            target = target[0].upper() + target[1:]
        out = [before, target]
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)
