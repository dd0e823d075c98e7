"""Plurals of Spanish noun phrases from Apertium's generator, with spelling rules where it cannot help.

"orden judicial" -> "órdenes judiciales", "régimen de excepción" -> "regímenes de excepción": the
words before the first preposition are analysed (lt-proc), the head noun (or an ordinal before it) and
the adjectives after it are generated in the plural (lt-proc -g), a noun in apposition stays as it is
("ciudades santuario"), and the rest of the phrase is kept. A word the analyser does not know, and
every word when lt-proc is not installed, is pluralised by spelling rules (which cannot place an
accent: "examen" -> "exámenes" needs the dictionary). Whole batches cost one analyser and one
generator call; results are cached per phrase.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

from . import morphology
from .morphology import Reading, Token

log = logging.getLogger(__name__)

PREPOSITIONS = frozenset({"de", "del", "para", "en", "con", "a", "al", "por", "sin", "contra", "sobre", "entre"})
_UNACCENT = str.maketrans("áéíóú", "aeiou")
CACHE_SIZE = 100_000  # phrases; a 10,000-entry glossary fits, so a new revision reuses them all

_cache: dict[str, str] = {}
_lock = threading.Lock()


def plural(phrase: str) -> str:
    """The plural of a Spanish noun phrase (the generator's forms where it knows the words)."""
    with _lock:
        found = _cache.get(phrase)
    if found is None:
        prime([phrase])
        with _lock:
            found = _cache.get(phrase)
    return found if found is not None else rule_plural(phrase)


def prime(phrases: Sequence[str]) -> None:
    """Pluralise the phrases not yet cached in one analyser and one generator call."""
    with _lock:
        todo = sorted({p for p in phrases if p and p not in _cache})
    if not todo or not morphology.available():
        return
    try:
        done = generated(todo)
    except morphology.MorphologyError as exc:  # plural() falls back on the spelling rules
        log.warning("plurals by spelling rules: %s", exc)
        return
    with _lock:
        if len(_cache) + len(done) > CACHE_SIZE:
            _cache.clear()
        _cache.update(zip(todo, done, strict=True))


def generated(phrases: Sequence[str]) -> list[str]:
    """Plurals of the phrases through the analyser and generator (raises MorphologyError)."""
    analysed = morphology.analyse(list(phrases))
    plans = [_plan(phrase, tokens) for phrase, tokens in zip(phrases, analysed, strict=True)]
    units = [unit for plan in plans for _token, unit in plan if unit]
    forms = iter(morphology.generate(units)) if units else iter(())
    out = []
    for phrase, plan in zip(phrases, plans, strict=True):
        pieces, pos = [], 0
        for token, unit in plan:
            pieces.append(phrase[pos : token.start])
            form = next(forms) if unit else None
            if form and len(form.split()) < len(token.surface.split()):
                # a multiword with an invariable tail ("huelga# de hambre"): the generator gives its head
                form = " ".join([form, *token.surface.split()[len(form.split()):]])
            pieces.append(_like(form, token.surface) if form else _word_plural(token.surface))
            pos = token.end
        pieces.append(phrase[pos:])
        out.append("".join(pieces))
    return out


def _plan(phrase: str, tokens: Sequence[Token]) -> list[tuple[Token, str | None]]:
    """The words to make plural, each with the generator unit for its plural (None: spelling rules)."""
    plan: list[tuple[Token, str | None]] = []
    head_seen = False
    for token in tokens:
        if token.surface.lower() in PREPOSITIONS or token.has("pr"):
            break
        if not token.surface[:1].isalpha():
            continue
        if not token.readings:  # unknown to the analyser: spelling rules, never on an acronym
            if not token.surface.isupper():
                plan.append((token, None))
            head_seen = True
            continue
        if not head_seen:
            reading = _reading(token, ("n",)) or _reading(token, ("det", "adj")) or _participle(token)
            if reading is None:  # a head the analyser reads otherwise ("trata", a verb to it): spelling rules
                plan.append((token, None))
                head_seen = True
                continue
            head_seen = reading.pos == "n"
        else:
            reading = _reading(token, ("adj",)) or _participle(token)
            if reading is None and token.has("n"):
                continue  # a noun in apposition keeps its number: "ciudades santuario"
        if reading is None:
            break  # not part of a noun phrase this module understands
        if reading.number in ("sp", "pl"):
            continue  # "crisis", "hábeas corpus": the same in both numbers
        plan.append((token, Reading(reading.lemma.lower(), reading.tags).unit(number="pl")))
    return plan


def _participle(token: Token) -> Reading | None:
    """A participle used as an adjective ("crimen organizado", "debido proceso")."""
    return next((r for r in token.readings if "pp" in r.tags and r.number in ("sg", "pl")), None)


def _reading(token: Token, pos: tuple[str, ...]) -> Reading | None:
    return next((r for p in pos for r in token.readings if r.pos == p and r.number in ("sg", "pl", "sp")), None)


def _like(form: str, surface: str) -> str:
    """The generated form in the capitals of the word it replaces ("Ley" -> "Leyes", "ICE")."""
    if surface.isupper() and len(surface) > 1:
        return form.upper()
    if surface[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


# --- spelling rules: the fallback ----------------------------------------------------------------


def rule_plural(phrase: str) -> str:
    """Plural by spelling rules alone: every word before the first preposition is pluralised."""
    words = phrase.split(" ")
    out = []
    for i, word in enumerate(words):
        if word.lower() in PREPOSITIONS:
            out.extend(words[i:])
            break
        out.append(_word_plural(word))
    return " ".join(out)


def _word_plural(word: str) -> str:
    if not word or not word[-1].isalpha():
        return word
    last = word[-1].lower()
    if last in "aeiouáéó":
        return word + "s"
    if last in "íú":
        return word + "es"
    if last == "z":
        return word[:-1] + "ces"
    if last in "sx" and len(word) > 3 and word[-2].lower() in "aeiou" and not _stressed_last(word):
        return word  # crisis, tórax
    if len(word) > 2 and word[-2] in "áéíóú" and last in "ns":
        return word[:-2] + word[-2].translate(_UNACCENT) + last + "es"  # pabellón -> pabellones
    return word + "es"


def _stressed_last(word: str) -> bool:
    return any(c in "áéíóú" for c in word[-3:])
