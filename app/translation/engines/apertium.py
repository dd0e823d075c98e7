"""Apertium (Debian apertium + apertium-eng-spa): a whole batch in one process call.

The same package translates both ways: mode eng-spa for English articles, spa-eng for Spanish ones
(terms protected and restored by app.translation.engines.apertium_es).
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from collections.abc import Sequence

from app.core.messages import N_
from app.core.terms import Term
from app.english import tagger
from app.spanish.enforce import DETERMINERS, restore
from app.spanish.unknown import Translated, strip_marks

from . import apertium_es
from .apertium_format import (  # noqa: F401  (Protected, batch_nonce: part of this module's interface)
    _SEPARATOR,
    _TERM,
    _UNESCAPE,
    NUMBER_STANDINS,
    Protected,
    batch_nonce,
    escape,
)
from .apertium_names import turn_round
from .base import Engine, EngineError, Progress

# Names and possessives ("El Salvador's gangs") are best stood in for by a proper noun Apertium
# knows: it then reorders the genitive ("las bandas de El Salvador") and leaves the next word's
# case alone. These names come out of eng-spa unchanged (tests/test_engine_apertium.py).
STANDINS = (
    "John", "Peter", "George", "Paul", "Henry", "David",
    "Michael", "Robert", "Thomas", "Richard", "Edward", "Charles",
)
# A gendered term is best stood in for by a common noun of the same gender and number: the engine
# then makes determiners, adjectives and participles agree with it ("the [confinement] was
# ordered" -> "la ventana fue ordenada"), and the noun is swapped for the term afterwards.
# (gender, number) -> (English, Spanish) pairs that eng-spa translates one to one.
NOUN_STANDINS = {
    ("m", "sg"): (("tree", "árbol"), ("horse", "caballo"), ("book", "libro")),
    ("f", "sg"): (("window", "ventana"), ("chair", "silla"), ("house", "casa")),
    ("m", "pl"): (("trees", "árboles"), ("horses", "caballos"), ("books", "libros")),
    ("f", "pl"): (("windows", "ventanas"), ("chairs", "sillas"), ("houses", "casas")),
}
# After a superblank that opens a sentence Apertium capitalises the next word: undo that.
_CAPITAL_AFTER_START = re.compile(r"^(\[§t[0-9a-z]+§\] )([A-ZÁÉÍÓÚÑ][a-záéíóúñü]+\b)")


class ApertiumEngine(Engine):
    name = "apertium"
    label = N_("Apertium (rule-based)")
    always_protect = ("keep",)

    MODES = {("en", "es"): "eng-spa", ("es", "en"): "spa-eng"}

    def __init__(self, pair: str = "eng-spa", binary: str = "apertium", timeout: float = 300):
        self.pair = pair  # the Apertium mode
        self.binary = binary
        self.timeout = timeout
        if pair == "spa-eng":
            self.source, self.target = "es", "en"

    def _pair_changed(self) -> None:
        self.pair = self.MODES[self.languages]

    def available(self) -> bool:
        return _has_pair(self.binary, self.pair)

    def install_hint(self) -> str:
        return "apt-get install apertium apertium-eng-spa"

    @property
    def version(self) -> str:
        return _package_version("apertium-eng-spa")

    def alternatives(self, sentence: str, n: int = 3) -> list[dict]:
        """Word choices where the bilingual dictionary has several Spanish lemmas for an English word."""
        if self.source != "en":
            return []
        from .apertium_words import word_choices

        try:
            return word_choices(sentence)[:n]
        except (OSError, subprocess.SubprocessError) as exc:
            raise EngineError(N_("Apertium could not look up alternatives: %(error)s"), error=str(exc)) from None

    def translate_batch(
        self,
        sentences: Sequence[str],
        terms: Sequence[Sequence[Term]] | None = None,
        progress: Progress | None = None,
    ) -> list[str]:
        """Translate all sentences in one apertium call and check the count that comes back."""
        if not sentences:
            return []
        if not self.available():
            raise EngineError(
                N_("Apertium %(pair)s is not installed: %(hint)s"), pair=self.pair, hint=self.install_hint()
            )
        terms = terms or [[] for _ in sentences]
        # NUL flushes Apertium's stream mid-batch: a space keeps every term offset in place
        sentences = [s.replace("\0", " ") for s in sentences]
        out = self._run(sentences, terms, nouns=True)
        # a sentence whose noun stand-in did not come out exactly once is done with superblanks
        redo = [i for i, o in enumerate(out) if o is None]
        if redo:
            again = self._run([sentences[i] for i in redo], [terms[i] for i in redo], nouns=False)
            for i, o in zip(redo, again, strict=True):
                out[i] = o
        if progress:
            progress(len(sentences), len(sentences))
        return out

    def _run(self, sentences: Sequence[str], terms: Sequence[Sequence[Term]], nouns: bool) -> list:
        """One apertium call for the batch; None for a sentence whose noun stand-in got lost."""
        nonce = batch_nonce(sentences)
        if self.source == "es":
            protected = [apertium_es.protect(s, t, nouns, nonce) for s, t in zip(sentences, terms, strict=True)]
            finish = apertium_es.finish
        else:
            turned = [turn_round(s, t, tagger.words(s)) for s, t in zip(sentences, terms, strict=True)]
            protected = [protect(t.text, t.terms, nouns, nonce, t.genitives) for t in turned]
            finish = _finish
        payload = "".join(p.text + _SEPARATOR.format(nonce=nonce, i=i) for i, p in enumerate(protected))
        try:
            # no -u: unknown words come out marked (*word) and are reported per sentence
            proc = subprocess.run(
                [self.binary, "-f", "none", self.pair],
                input=payload,
                capture_output=True,
                text=True,
                timeout=self.timeout,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EngineError(N_("apertium failed to run: %(error)s"), error=str(exc)) from exc
        if proc.returncode != 0:
            raise EngineError(
                N_("apertium exited %(code)s: %(stderr)s"), code=proc.returncode, stderr=proc.stderr.strip()[:300]
            )
        parts = re.split(r"\s*\[§s" + nonce + r"(\d+)§\]\s*", proc.stdout)
        # split() gives [text0, "0", text1, "1", ..., rest]; the numbers must run 0..n-1
        texts, numbers = parts[0:-1:2], parts[1::2]
        if numbers != [str(i) for i in range(len(sentences))]:
            raise EngineError(
                N_("apertium returned %(got)s sentences for %(sent)s; alignment lost"),
                got=len(numbers), sent=len(sentences),
            )
        return [finish(t, p, s) for t, p, s in zip(texts, protected, sentences, strict=True)]


def protect(
    sentence: str, terms: Sequence[Term], nouns: bool = False, nonce: str | None = None,
    genitives: Sequence[Term] = (),
) -> Protected:
    """Escape a sentence for `-f none` and replace each term span by a marker Apertium keeps.

    With `nouns`, a gendered glossary noun is stood in for by a common noun of its gender and
    number (NOUN_STANDINS) and a number by a number (NUMBER_STANDINS) instead of a superblank, so
    that the engine's agreement and parse are right. `genitives` are names that Apertium will put
    after "de" (app.translation.engines.apertium_names): "de" takes the article their gender asks for.
    """
    nonce = nonce if nonce is not None else batch_nonce([sentence])
    pieces: list[str] = []
    markers: dict[str, Term] = {}
    standin_nouns: dict[str, str] = {}
    pos = 0
    standins = [n for n in STANDINS if n not in sentence]
    lowered = sentence.lower()
    free_nouns = {
        key: [p for p in pairs if not re.search(rf"\b{p[0]}\b", lowered)] for key, pairs in NOUN_STANDINS.items()
    }
    free_numbers = [n for n in NUMBER_STANDINS if n not in sentence]
    ordered = sorted(terms, key=lambda t: t.start)
    skip_to = -1
    for i, term in enumerate(ordered):
        if term.start < skip_to:
            continue
        pieces.append(escape(sentence[pos : term.start]))
        marker = _marker(term, i, standins, nonce)
        markers[marker] = term
        pos = term.end
        owned = _owned_term(sentence, term, ordered[i + 1] if i + 1 < len(ordered) else None)
        if owned is not None and nouns and _noun_standin(owned, free_nouns):
            owned = None  # "John's trees": Apertium turns a genitive round when its noun is a word
        if owned is not None and marker in standins_used(markers):
            # "El Salvador's [mega-prison]" -> "the [mega-prison] of John": Apertium cannot reorder
            # a genitive whose noun is a superblank, so the English is turned round first.
            owned_marker = _TERM.format(nonce=nonce, i=i + 1)
            markers[owned_marker] = owned
            pieces[-1:] = [pieces[-1].removesuffix(_the_before(pieces[-1])), f"the {owned_marker} of {marker}"]
            pos = owned.end
            skip_to = owned.end
            continue
        if nouns and marker.startswith("[") and _noun_standin(term, free_nouns):
            english, spanish = free_nouns[(term.gender, term.number or "sg")].pop(0)
            standin_nouns[spanish] = marker
            pieces.append(english)
            continue
        if nouns and term.kind == "number" and free_numbers:
            number = free_numbers.pop(0)
            standin_nouns[number] = marker
            pieces.append(number)
            continue
        pieces.append(marker)
    pieces.append(escape(sentence[pos:]))
    text = "".join(pieces)
    named = {m: t for m, t in markers.items() if t in genitives}
    # a sentence ending in a term ("... crimes in the U.S.") has no full stop of its own: the
    # engine would read it and the next sentence as one phrase ("the books Video" -> "el Vídeo")
    full_stop = not _ENDS_SENTENCE.search(text)
    return Protected(text + " ." if full_stop else text, markers, standin_nouns, full_stop, named)


def _noun_standin(term: Term, free_nouns: dict) -> bool:
    """True if the term can be stood in for by a common noun of its gender and number."""
    pool = free_nouns.get((term.gender, term.number or "sg"))
    return term.kind == "translate" and not term.possessive and bool(pool)


def _marker(term: Term, i: int, standins: list[str], nonce: str) -> str:
    if (term.possessive or term.kind == "keep") and standins:
        return standins.pop(0)
    return _TERM.format(nonce=nonce, i=i)


def standins_used(markers: dict[str, Term]) -> set[str]:
    return {m for m in markers if not m.startswith("[")}


_ENDS_SENTENCE = re.compile(r"[.!?…:;][\"'”’»)\]]*\s*$")
_ADDED_STOP = re.compile(r"\s*\.\s*$")
_POSSESSIVE_GAP = re.compile(r"(?:'s|’s|'|’)\s+$")


def _owned_term(sentence: str, term: Term, following: Term | None) -> Term | None:
    """The term a possessive name owns directly ("X's <term>"), if any."""
    if not term.possessive or following is None:
        return None
    return following if _POSSESSIVE_GAP.fullmatch(sentence[term.end : following.start]) else None


def _the_before(text: str) -> str:
    m = re.search(r"\b[Tt]he\s+$", text)
    return m.group(0) if m else ""


def _finish(text: str, protected: Protected, source: str) -> Translated | None:
    """Restore the terms in one sentence of apertium output; None if a noun stand-in got lost."""
    text = _CAPITAL_AFTER_START.sub(lambda m: m.group(1) + m.group(2).lower(), text.strip())
    text, unknown = strip_marks(text, source)
    if protected.full_stop:
        text = _ADDED_STOP.sub("", text)
    for spanish, marker in protected.nouns.items():
        found = list(re.finditer(rf"(?<![\w.,]){spanish}(?![\w]|[.,]\d)", text, re.IGNORECASE))
        if len(found) != 1:
            return None
        text = text[: found[0].start()] + marker + text[found[0].end() :]
    for marker, term in protected.genitives.items():
        text = _article_after_de(text, marker, term)
    return Translated(restore(_UNESCAPE.sub(r"\1", text), protected.markers), unknown)


def _article_after_de(text: str, marker: str, term: Term) -> str:
    """ "de CECOT" -> "del CECOT", "de la ACLU": a name with a gender takes its article after "de"."""
    if term.gender not in ("m", "f"):
        return text  # "de Trump", "de El Salvador"
    wanted = DETERMINERS["del"][(term.gender, term.number or "sg")]
    return re.sub(rf"(?<!\w)([Dd])e {re.escape(marker)}(?!\w)",
                  lambda m: m.group(1) + wanted[1:] + " " + marker, text)


@functools.cache
def _has_pair(binary: str, pair: str) -> bool:
    if not shutil.which(binary):
        return False
    try:
        listing = subprocess.run([binary, "-l"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return pair in listing.stdout.split()


@functools.cache
def _package_version(package: str) -> str:
    try:
        proc = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return proc.stdout.strip() or "unknown"
