"""Spanish sentence boundaries: which full stops end a sentence in Spanish news copy.

sentencex's Spanish rules keep a sentence going after any word on its abbreviation list, and that
list holds ordinary words ("contra", "de", "a") as well as "etc." and "UU." (so "3 en contra. La
medida ..." and "desde EE. UU. La mayoría ..." stay one sentence), while "a. m. al juzgado" and
"¿por qué? y exigen" are cut. Spanish capitalises far less than English (no months, weekdays,
nationalities or titles of office), so a capital after a full stop starts a sentence unless the
stop closes a title or address abbreviation that precedes a name ("Sr.", "Pbro.", "Av."), an
initial ("J. R. Martínez") or half of a doubled-letter acronym ("EE. UU."); and a lowercase word
never starts one (RAE: "¿…?" and "¡…!" can sit inside a sentence, and a dialogue tag follows its
dash in lowercase: "—¿Dónde está? —preguntó la mujer.").
"""

from __future__ import annotations

import re

# Abbreviations written before a name (titles, ranks, address words): a capital after them goes on.
TITLES = frozenset(
    """sr sra srta sres sras don dña d dr dra lic licda licdo lcda lcdo ing inga arq prof profa mtro mtra
    dip gral cnel tte tcnel
    sgto cap cmdte cmte almte pbro mons fr sor hno hna sto sta s excmo excma ilmo ilma pdte pdta
    av avda c blvd col bo urb res edif pje psje km univ dpto depto
    mr mrs ms st""".split()
)
# Abbreviations written before a number ("núm. 333", "art. 184", "aprox. 90"): a digit after them goes on.
BEFORE_NUMBERS = frozenset(
    """núm nro n no nos art arts pág págs p pp vol vols cap caps fig tel inc lit ref exp fol fols aprox
    ca cf cfr ej""".split()
)
# What may open a sentence before its first letter: quotes, brackets, inverted marks, dialogue dashes.
_OPENERS = "\"'“‘«([¿¡—–-"
_OPEN = re.escape(_OPENERS)
_NEXT = re.compile(rf"[{_OPEN}\s]{{0,8}}(\S)")
_WORD_BEFORE = re.compile(r"(\S+)\.$")
# A full stop followed by white space and a capital: a place sentencex may have left unsplit.
_STOP_BEFORE_CAPITAL = re.compile(rf"\.\s+(?=[{_OPEN}]*[A-ZÁÉÍÓÚÑÜ])")
# One half of a plural acronym, its letters doubled ("EE." "UU.", "FF." "AA.", "CC." "OO."), or a letter.
_ACRONYM_PART = re.compile(r"(?:([A-ZÁÉÍÓÚÑ])\1{1,2}|[A-ZÁÉÍÓÚÑ])\.(?!\w)")
_INITIAL = re.compile(r"[A-ZÁÉÍÓÚÑ]")


def starts(text: str, library: list[int]) -> list[int]:
    """Sentence starts in a Spanish paragraph, from sentencex's (`library`) with the Spanish rules applied."""
    said = set(library)
    candidates = sorted(said | {m.end() for m in _STOP_BEFORE_CAPITAL.finditer(text)})
    return [start for start in candidates if _is_start(text, start, start in said)]


def _is_start(text: str, start: int, library_says: bool) -> bool:
    """Whether a sentence starts at `start` (just after white space), given what sentencex said."""
    following = _NEXT.match(text, start)
    if not following or following.group(1).islower():
        return False  # "a. m. al juzgado", "¿por qué? y exigen", "? —preguntó la mujer"
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if text[end - 1] != ".":
        return library_says  # ? ! … ) » ”: sentencex decides
    word = _WORD_BEFORE.search(text, max(0, end - 40), end)  # the word the full stop closes
    bare = word.group(1).lstrip(_OPENERS) if word else ""
    first = following.group(1)
    if first.isdigit():
        return library_says and bare.lower() not in BEFORE_NUMBERS
    if not first.isupper():
        return library_says
    if bare.lower() in TITLES or _INITIAL.fullmatch(bare):
        return False  # "Sr. Martínez", "Av. Roosevelt", "J. R. Martínez"
    if _ACRONYM_PART.fullmatch(bare + ".") and _ACRONYM_PART.match(text, following.start(1)):
        return False  # "EE. UU.": the first half before the second
    return True
