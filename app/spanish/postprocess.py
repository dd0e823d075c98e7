"""What runs on every machine translation after glossary enforcement, whatever the engine.

In order: the glossary entry's capitals (app.spanish.termcase), agreement of the words around each term
(app.spanish.agreement, Apertium's Spanish morphology), ser for English event passives (app.spanish.passive,
when the English sources are given), and Spanish typography (app.spanish.typography). The result carries the
term report with the agreement repairs, the passive repairs and the words the engine did not know.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.core.terms import Term, report

from . import agreement, morphology, passive, termcase, typography
from .unknown import unknown_of

log = logging.getLogger(__name__)


@dataclass
class Finished:
    """A machine translation ready to store: text, term report (with repairs), unknown words."""

    text: str
    terms: list[dict]
    unknown: list[str] = field(default_factory=list)
    passives: list[dict] = field(default_factory=list)  # estar made ser (or imperfect): {"from", "to", "english"}


def finish(
    outputs: Sequence[str], terms: Sequence[Sequence[Term]], locale: str, sources: Sequence[str] | None = None
) -> list[Finished]:
    """Fix case, agreement, passives and typography of a batch of engine outputs and build their reports."""
    texts = [termcase.entry_case(o, ts) for o, ts in zip(outputs, terms, strict=True)]
    repairs: list[list[dict]] = [[] for _ in texts]
    if morphology.available():
        try:
            repaired = agreement.repair(texts, terms)
            texts = [t for t, _ in repaired]
            repairs = [r for _, r in repaired]
        except morphology.MorphologyError as exc:  # the translation is still worth keeping
            log.warning("agreement repair skipped: %s", exc)
    voiced: list[list[dict]] = [[] for _ in texts]
    if sources is not None and passive.available():
        try:
            done = passive.repair(texts, sources, terms)
            texts = [t for t, _ in done]
            voiced = [r for _, r in done]
        except morphology.MorphologyError as exc:
            log.warning("passive repair skipped: %s", exc)
    out = []
    for raw, text, ts, fixed, voice in zip(outputs, texts, terms, repairs, voiced, strict=True):
        text = typography.clean(text, locale)
        out.append(Finished(text, term_report(ts, text, fixed), unknown_of(raw), voice))
    return out


def term_report(terms: Sequence[Term], text: str, repairs: Sequence[dict] = ()) -> list[dict]:
    """The term report of a text, each enforced term with the agreement repairs made around it."""
    items = report(terms, text)
    for item in items:
        mine = [{"from": r["from"], "to": r["to"]} for r in repairs if r["target"] == item["target"]]
        if mine and item["status"] == "enforced":
            item["repairs"] = mine
            repairs = [r for r in repairs if r["target"] != item["target"]]  # once per rendering
    return items
