"""An agreement check of whole Spanish sentences, independent of the agreement repair.

The repair (app.spanish.agreement) looks only around glossary terms, with every reading the analyser
offers; checking its output the same way cannot find what it missed. This check reads the whole
sentence with Apertium's Spanish analyser AND tagger (one reading per word, app.core.apertium_stream)
and applies four rules of its own:

- NP: a determiner, a numeral above one, or an adjective before or after a noun agrees with it
  in gender and number, with adverbs and words the analyser does not know (English left by the
  engine: "un infamously cárcel") skipped in between;
- REL: "el cual"/"la cual"/... agrees with some noun of the noun phrase before its comma ("la Ley
  de Enemigos Extranjeros de 1798, el cual"), "quien"/"quienes" with the noun before it in number;
- SV: the finite verb after a clause's subject noun phrase takes the number of its head noun
  ("los presos del CECOT no recibe");
- PRED: an adjective or participle after ser/estar/quedar (or "haber sido") takes the head's gender
  and number ("las impresoras habían sido probados").

Conservative by design: where the phrase structure is not one of these plain shapes, nothing is said.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.core import apertium_stream
from app.core.apertium_stream import DATA_DIR, TaggerError, Word

__all__ = ["Problem", "TaggerError", "available", "check"]

ANALYSER = DATA_DIR / "spa-eng.automorf.bin"
TAGGER = DATA_DIR / "spa-eng.prob"

COPULAS = frozenset({"ser", "estar", "quedar", "permanecer", "resultar", "parecer", "seguir"})
_FINITE = frozenset({"pri", "pii", "ifi", "fti", "cni", "prs", "pis", "fts"})
_CLAUSE_OPENERS = frozenset({"que", "porque", "cuando", "cuándo", "si", "aunque", "mientras", "donde", "como"})
_PREPOSITIONS = frozenset({"de", "del", "en", "para", "con", "sin", "sobre", "entre", "por", "contra", "desde"})
_NUMERALS = frozenset({"dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once",
                       "doce", "veinte", "treinta", "cuarenta", "cincuenta", "cien", "cientos", "mil"})
_EL_BEFORE_A = frozenset({"el", "un", "al", "del", "algún", "ningún"})
_SKIP_BEFORE_NOUN = 3  # adjectives, adverbs and unknown words between a determiner and its noun


@dataclass(frozen=True)
class Problem:
    """A word that disagrees with the word that governs it."""

    start: int
    end: int
    word: str
    kind: str  # NP | REL | SV | PRED
    governor: str  # the noun it should agree with
    wanted: str  # "f.sg", "pl", ...

    def as_dict(self) -> dict:
        """The problem as JSON (for reports and the CLI)."""
        return {"word": self.word, "kind": self.kind, "governor": self.governor, "wanted": self.wanted,
                "start": self.start, "end": self.end}


def available() -> bool:
    """True when the Spanish analyser and tagger are installed."""
    return apertium_stream.available(ANALYSER, TAGGER)


def check(texts: Sequence[str]) -> list[list[Problem]]:
    """Agreement problems in each text (one tagger call for the batch)."""
    tagged = apertium_stream.tag(ANALYSER, TAGGER, list(texts))
    return [_check(words) for words in tagged]


def _check(words: Sequence[Word]) -> list[Problem]:
    found: dict[int, Problem] = {}
    for rule in (_noun_phrases, _relatives, _subjects, _relative_subjects):
        for p in rule(words):
            found.setdefault(p.start, p)
    return sorted(found.values(), key=lambda p: p.start)


# --- features ------------------------------------------------------------------------------------


def _features(w: Word) -> tuple[str | None, str | None]:
    """(gender, number) of a word; a contraction ("del") answers for its determiner."""
    tags = w.tail if w.tail and w.tail[0] == "det" else w.tags
    return (next((t for t in tags if t in ("m", "f", "mf")), None),
            next((t for t in tags if t in ("sg", "pl", "sp")), None))


def _agree(a: str | None, b: str | None, neutral: str) -> bool:
    return a is None or b is None or a == neutral or b == neutral or a == b


def _matches(w: Word, noun: Word, gender: bool = True) -> bool:
    (g1, n1), (g2, n2) = _features(w), _features(noun)
    if gender and g1 == "m" and g2 == "f" and n2 == "sg" and _stressed_a(w, noun):
        return _agree(n1, n2, "sp")  # "el área", "un arma", "al ala": el/un before a stressed a
    return (not gender or _agree(g1, g2, "mf")) and _agree(n1, n2, "sp")


def _stressed_a(det: Word, noun: Word) -> bool:
    return det.surface.lower() in _EL_BEFORE_A and noun.surface.lower().startswith(("a", "á", "ha", "há"))


def _wanted(noun: Word, gender: bool = True) -> str:
    g, n = _features(noun)
    return f"{g}.{n}" if gender else f"{n}"


def _problem(w: Word, kind: str, noun: Word, gender: bool = True) -> Problem:
    return Problem(w.start, w.end, w.surface, kind, noun.surface, _wanted(noun, gender))


def _is_det(w: Word) -> bool:
    return w.pos in ("det", "predet") or (w.pos == "pr" and w.tail[:1] == ("det",))


def _is_adj(w: Word) -> bool:
    return w.pos == "adj" or (w.pos in ("vblex", "vbser") and "pp" in w.tags and _features(w)[0] is not None)


def _is_noun(w: Word) -> bool:
    return w.pos == "n"


def _numeral(w: Word) -> bool:
    """A cardinal above one: "dos", "nueve", "12" (not a year, not "1")."""
    if w.surface.lower() in _NUMERALS:
        return True
    return w.surface.isdigit() and w.surface != "1" and len(w.surface) < 4


# --- NP: determiners, numerals and adjectives with their noun -----------------------------------------


def _noun_phrases(words: Sequence[Word]) -> list[Problem]:
    out: list[Problem] = []
    for i, w in enumerate(words):
        if _is_det(w) or _numeral(w):
            noun, between = _noun_after(words, i)
            if noun is None:
                continue
            if _numeral(w):
                if _features(noun)[1] == "sg":  # "nueve tiempo"
                    out.append(Problem(noun.start, noun.end, noun.surface, "NP", w.surface, "pl"))
                continue
            if not _matches(w, noun):
                out.append(_problem(w, "NP", noun))
            out += [_problem(a, "NP", noun) for a in between if _is_adj(a) and not _matches(a, noun)]
        elif _is_noun(w):
            out += _after_noun(words, i)
        elif w.pos == "adj" and i + 1 < len(words) and _is_noun(words[i + 1]) and not (i and _is_det(words[i - 1])):
            if not _matches(w, words[i + 1]):  # "previa órdenes" (after a determiner, the rule above)
                out.append(_problem(w, "NP", words[i + 1]))
    return out


def _noun_after(words: Sequence[Word], i: int) -> tuple[Word | None, list[Word]]:
    """The noun a determiner at i belongs to, and the words skipped to reach it."""
    between: list[Word] = []
    for k in range(i + 1, min(len(words), i + 2 + _SKIP_BEFORE_NOUN)):
        w = words[k]
        if _is_noun(w):
            return w, between
        if not (w.pos in ("adj", "adv", "preadv", "num", "np") or not w.known):
            return None, between
        between.append(w)
    return None, between


def _after_noun(words: Sequence[Word], i: int) -> list[Problem]:
    """Adjectives right after a noun ("cárcel dura"), adverbs allowed between ("detenidos más vulnerables")."""
    noun = words[i]
    out = []
    k = i + 1
    while k < len(words) and words[k].pos in ("adv", "preadv") and k - i <= 2:
        k += 1
    while k < len(words) and _is_adj(words[k]):
        adj = words[k]
        coordinated = any(w.surface.lower() in ("y", "e") for w in words[max(0, i - 4) : i])
        if not _matches(adj, noun) and not (coordinated and _features(adj)[1] == "pl"):
            out.append(_problem(adj, "NP", noun))
        k += 1
    return out


# --- REL: relative pronouns and their antecedent ----------------------------------------------------


def _relatives(words: Sequence[Word]) -> list[Problem]:
    out: list[Problem] = []
    for i, w in enumerate(words):
        low = w.surface.lower()
        if w.pos == "rel" and w.lemma == "el cual" and i > 0 and words[i - 1].pos == "cm":
            nouns = _chain_before(words, i - 1)
            if nouns and not any(_matches(w, n) for n in nouns):
                out.append(_problem(w, "REL", nouns[0]))
        elif low in ("quien", "quienes", "quién", "quiénes") and i > 0:
            k = i - 1 if words[i - 1].pos != "cm" else i - 2
            if k >= 0 and _is_noun(words[k]):
                plural = low.startswith("quienes") or low.startswith("quiénes")
                if _features(words[k])[1] in ("sg", "pl") and (_features(words[k])[1] == "pl") != plural:
                    out.append(_problem(w, "REL", words[k], gender=False))
    return out


def _chain_before(words: Sequence[Word], comma: int) -> list[Word]:
    """The nouns of the noun phrase that ends at a comma: "la Ley de Enemigos Extranjeros de 1798"."""
    nouns: list[Word] = []
    k = comma - 1
    while k >= 0:
        w = words[k]
        if _is_noun(w):
            nouns.insert(0, w)
        elif not (_is_det(w) or w.pos in ("adj", "num", "pr", "np", "adv") or not w.known):
            break
        k -= 1
    return nouns


def _relative_subjects(words: Sequence[Word]) -> list[Problem]:
    """ "reglas nuevas que requeriría dos firmas": the verb right after "que" has the noun as subject.

    Not when a noun phrase of the verb's own number follows it: "las reglas que firmó el juez".
    """
    out: list[Problem] = []
    for i, w in enumerate(words):
        if w.surface.lower() != "que" or i == 0:
            continue
        k = i - 1
        while k > 0 and _is_adj(words[k]):
            k -= 1
        noun = words[k]
        if not _is_noun(noun) or _features(noun)[1] not in ("sg", "pl"):
            continue
        v = i + 1
        while v < len(words) and (words[v].surface.lower() == "no" or words[v].pos == "prn"):
            v += 1
        if v >= len(words) or not (set(words[v].tags) & _FINITE) or "p3" not in words[v].tags:
            continue
        verb = words[v]
        after = words[v + 1] if v + 1 < len(words) else None
        if after is not None and (_is_det(after) or _is_noun(after) or after.pos == "np"):
            if _matches(verb, after, gender=False):
                continue  # its own subject follows it
        if not _matches(verb, noun, gender=False):
            out.append(_problem(verb, "SV", noun, gender=False))
    return out


# --- SV and PRED: a clause's subject, its verb and its predicate -------------------------------------


def _subjects(words: Sequence[Word]) -> list[Problem]:
    out: list[Problem] = []
    for i in _clause_starts(words):
        head, k = _subject(words, i)
        if head is None or _features(head)[1] not in ("sg", "pl"):
            continue
        while k < len(words) and words[k].pos in ("adv", "preadv", "prn") and words[k].surface.lower() != "que":
            k += 1  # "no", "nunca", "ya", clitics ("le", "se")
        if k >= len(words) or not (set(words[k].tags) & _FINITE) or "p3" not in words[k].tags:
            continue
        for verb in [k, *_coordinated(words, k)]:
            if not _matches(words[verb], head, gender=False):
                out.append(_problem(words[verb], "SV", head, gender=False))
            out += _predicate(words, verb, head)
    return out


def _coordinated(words: Sequence[Word], k: int) -> list[int]:
    """Finite verbs that share the subject of the verb at k: "no reciben visitas y nunca es dejado"."""
    out = []
    i = k + 1
    while i < len(words):
        w = words[i]
        if w.pos in ("sent", "cm", "lpar", "guio", "lquot", "rquot") or w.surface.lower() in _CLAUSE_OPENERS:
            break
        if set(w.tags) & _FINITE:
            break  # another verb: another clause
        if w.surface.lower() in ("y", "e"):
            v = i + 1
            while v < len(words) and words[v].pos in ("adv", "preadv", "prn"):
                v += 1
            if v < len(words) and set(words[v].tags) & _FINITE and "p3" in words[v].tags:
                out.append(v)
                i = v
            else:
                break  # "y" opens a noun phrase: a new subject, or an object
        i += 1
    return out


def _clause_starts(words: Sequence[Word]) -> list[int]:
    """Where a clause may open with its subject: the sentence start, after "que", "porque", ..."""
    starts = []
    for i, w in enumerate(words):
        if i == 0 or words[i - 1].pos == "sent":
            starts.append(_past_openers(words, i))
        elif w.surface.lower() in _CLAUSE_OPENERS and w.pos in ("cnjsub", "rel", "adv", "cnjadv"):
            starts.append(i + 1)
    return starts


def _past_openers(words: Sequence[Word], k: int) -> int:
    """Past quotes, a parenthesis ("(AP)") and a conjunction ("Pero") that open a sentence."""
    while k < len(words):
        w = words[k]
        if w.pos == "lpar":
            while k < len(words) and words[k].pos != "rpar":
                k += 1
            k += 1
        elif w.pos in ("lquot", "rquot", "guio", "cnjcoo", "cm"):
            k += 1
        else:
            return k
    return k


def _subject(words: Sequence[Word], i: int) -> tuple[Word | None, int]:
    """The head noun of a noun phrase at i (prepositional complements included) and where it ends."""
    head = None
    k = i
    while k < len(words) and (not words[k].known or _is_det(words[k]) or words[k].pos in ("adj", "num")):
        k += 1  # leading determiners, adjectives and unknown words ("CECOT presos")
    if k >= len(words) or not _is_noun(words[k]):
        return None, k
    head = words[k]
    k += 1
    while k < len(words):
        w = words[k]
        if _is_adj(w) and not (set(w.tags) & _FINITE):
            k += 1
        elif w.surface.lower() in ("y", "e", "o", "ni"):
            return None, k  # a coordinated subject: its number is the sum
        elif w.surface.lower() in _PREPOSITIONS and k + 1 < len(words):
            k += 1  # a complement: "de Nueva York", "del estado", "para la agencia"
            while k < len(words) and (_is_det(words[k]) or words[k].pos in ("adj", "num", "np") or not words[k].known):
                k += 1
            if k < len(words) and _is_noun(words[k]):
                k += 1
            if k + 1 < len(words) and words[k].surface.lower() == "y" and words[k + 1].pos == "num":
                k += 2  # "entre 18 y 21"
        else:
            break
    return head, k


def _predicate(words: Sequence[Word], k: int, head: Word) -> list[Problem]:
    """The adjective or participle after a copula (or "haber sido") agrees with the subject's head."""
    verb = words[k]
    k += 1
    if verb.pos == "vbhaver" and k < len(words) and words[k].lemma in ("ser", "estar") and "pp" in words[k].tags:
        k += 1  # "habían sido"
    elif verb.lemma not in COPULAS:
        return []
    while k < len(words) and words[k].pos in ("adv", "preadv"):
        k += 1
    out = []
    while k < len(words) and _is_adj(words[k]):
        if not _matches(words[k], head):
            out.append(_problem(words[k], "PRED", head))
        k += 1
    return out
