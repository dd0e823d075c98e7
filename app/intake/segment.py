"""Split paragraphs into sentences and give every sentence a stable id.

Boundaries come from sentencex (Wikimedia's segmenter, maintained, written in Rust: linear time,
no model, nothing to download), followed by a short news post-pass. Chosen on measurements
(bench/README.md, "Sentence segmentation"): on Paralelo's own 130 news cases (tests/segment_cases.py)
sentencex alone passed 120, pySBD 121, nupunkt 117 and our old hand-written splitter 113; pySBD was
ruled out because it is quadratic on long paragraphs (34 s for an 80,000-character paragraph of
abbreviations) and about 100 times slower than sentencex; nupunkt splits acronyms such as "U.S." too often.
The post-pass keeps what the old splitter did well and fixes what sentencex misses in news copy:
numbered and lettered list items, ellipses and closing parentheses before a capital, "no." as a word,
acronyms before a typical sentence opener, and "7 p.m. Saturday"; lists run into one paragraph
("1. The first item 2. The second item") are split at their markers (list_items), an elision "[...]"
ends nothing, and "word. . . . Next" ends after "word.". With these it passes all 48 of pySBD's English
golden rules (issue 26). Spanish paragraphs (lang="es") go through sentencex's Spanish rules and then
segment_es's (titles, "EE. UU.", lowercase continuations).

`srx_rules()` gives the same rules as SRX break/no-break rules for CAT tools such as OmegaT.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass

import sentencex

from . import furniture, list_items, segment_es
from .parse import Block

log = logging.getLogger(__name__)

# Abbreviations after which a period does not end a sentence unless a typical sentence opener follows
# (lowercase, without the final dot). split_sentences gets these from sentencex's own, larger English
# list; this news list is what srx_rules() writes out, public for exporters to CAT tools.
NON_BREAKING_ABBREVIATIONS: tuple[str, ...] = tuple(
    """mr mrs ms dr prof gen sen rep gov lt col sgt capt cmdr adm maj st jr sr rev hon pres
    supt det insp atty inc co corp ltd bros vs etc approx dept univ ave blvd mt ft pp p
    jan feb mar apr jun jul aug sep sept oct nov dec a.m p.m e.g i.e u.s u.n u.k d.c""".split()
)
# Words that start a new sentence after an acronym such as "U.S." ends one.
SENTENCE_STARTERS = frozenset(
    """the a an he she it they we i you this that these those there but and so yet in on at
    for after before when while if as his her their its our what why how who where""".split()
)
# Titles before a name: "at 5 a.m. Mr. Smith went ..." goes on.
_TITLES = frozenset("mr mrs ms dr gen sen rep gov president judge officer sgt capt lt col".split())
# Words after "a.m."/"p.m." that continue the sentence: "at 7 p.m. Saturday", "4 p.m. EDT".
_TIME_FOLLOWERS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan feb mar apr jun jul aug sep sept oct
    nov dec et est edt ct cst cdt mt mst mdt pt pst pdt gmt utc""".split()
)

_OPEN = "\"'“‘(\\["
_CLOSE = "\"'”’)\\]"
_UPPER = "A-ZÁÉÍÓÚÑÜ¿¡"
_TIME_END = re.compile(r"\b[aApP]\.[mM]\.$")
_NEXT_WORD = re.compile(rf"[{_OPEN}]?(\w+)")
# Extra boundaries the library does not make; each match ends where the next sentence starts. Every
# branch begins with a plain character class (lookbehinds come after it) so that re can skip ahead fast.
_BREAKS_ANY_LANGUAGE = (
    # an ellipsis before a capital: "And then… Silence." (not an elision in brackets: "[...]")
    rf"[.…](?:(?<=…)|(?<=\.)\.\.)(?!\])[{_CLOSE}]*\s+(?=[{_OPEN}]?[{_UPPER}])"
    # a full stop before a spaced ellipsis and a capital ends the sentence there: "compounds. . . . The"
    rf"|\.(?<=\w\.)\s+(?=\.\s\.\s\.\s+[{_OPEN}]?[{_UPPER}])"
    # a sentence closed inside parentheses or brackets: "(Figures were not verified.) The ..."
    rf"|[.!?][\"'”’»]?[)\]]\s+(?=[{_OPEN}]?[{_UPPER}])"
    # "no." as a word, not "No. 5": "he said no. The vote ..."
    rf"|[Nn](?<![\w.][Nn])o\.\s+(?=[{_OPEN}]?[{_UPPER}][a-záéíóúñü])"
)
_EXTRA_BREAKS = {
    "en": re.compile(
        _BREAKS_ANY_LANGUAGE
        # an acronym ending a sentence before a typical opener: "in the U.S. A judge ..."
        + rf"|[A-Z](?<![\w.][A-Z])\.(?:[A-Z]\.)+\s+"
        rf"(?=[{_OPEN}]?(?:{'|'.join(sorted(w.title() for w in SENTENCE_STARTERS))})\b)"
    ),
    "es": re.compile(_BREAKS_ANY_LANGUAGE),
}
LANGUAGES = tuple(_EXTRA_BREAKS)
# A piece ending in a full stop, then a spaced ellipsis: the stop ended the sentence (a break above).
_STOP_THEN_ELLIPSIS = re.compile(r"\w\.(?: \.){3}\s+$")
# Characters sentencex must not see: its Rust code panics on some non-ASCII spaces (1.0.32), takes a
# newline for a paragraph break, and lone surrogates cannot cross into Rust at all. Each is replaced
# by one character (a space, or U+FFFD for a surrogate), so offsets into the text hold.
_UNSAFE = re.compile(r"[^\S ]|[\ud800-\udfff]")
_NONE: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Sentence:
    """A sentence of the article with its place: paragraph index, sentence index, kind."""

    paragraph: int
    index: int
    kind: str
    text: str

    @property
    def key(self) -> str:
        """Stable id within an article, e.g. 'p3.s1'."""
        return f"p{self.paragraph}.s{self.index}"

    @property
    def source_hash(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()


def split_sentences(text: str, lang: str = "en") -> list[str]:
    """Split one paragraph in `lang` ("en" or "es") into sentences (white space at their ends stripped)."""
    if lang not in LANGUAGES:
        raise ValueError(f"no sentence rules for language {lang!r}; known: {', '.join(LANGUAGES)}")
    text = text.strip()
    if not text:
        return []
    library = _library_starts(text, lang)
    if lang == "es":
        library = segment_es.starts(text, library)
    extra = [m.end() for m in _EXTRA_BREAKS[lang].finditer(text)]
    starts = _kept_starts(text, library, extra, list_items.item_starts(text), english=lang == "en")
    bounds = [0, *starts, len(text)]
    pieces = (text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False))
    return [p for p in pieces if p]


def _library_starts(text: str, lang: str) -> list[int]:
    """Where sentencex starts each sentence after the first, as offsets into text."""
    safe = _UNSAFE.sub(lambda m: " " if m.group().isspace() else "\ufffd", text)
    pieces = sentencex.segment(lang, safe)
    if "".join(pieces) != safe:  # never seen; keep the text whole rather than lose characters
        log.warning("sentencex changed the text of a paragraph; keeping it as one sentence")
        return []
    starts, offset = [], 0
    for piece in pieces[:-1]:
        offset += len(piece)
        starts.append(offset)
    return starts


def _kept_starts(text: str, library: list[int], extra: list[int], items: list[int], english: bool) -> list[int]:
    """All sentence starts: the library's minus those the news post-pass joins again, the post-pass's
    own breaks (`extra`) and list items' starts (`items`), never right after a lone list marker."""
    if extra or items:
        forced, strong = set(items), set(extra)
        candidates = sorted(forced.union(library, strong))
    else:  # most paragraphs: only the library's starts to check
        forced = strong = _NONE
        candidates = library
    spaced_ellipsis = ". . ." in text
    times = english and (".m." in text or ".M." in text)
    kept: list[int] = []
    previous = 0
    for start in candidates:
        if start not in forced:
            if start - previous <= 12 and list_items.MARKER.fullmatch(text[previous:start].strip()):
                continue  # "1." / "a)" / "• 9." alone: the item's text follows
            if start not in strong:  # a library start: the news post-pass may join it again
                if not text[start - 1].isspace():
                    continue  # "He left.Then ...": Paralelo splits at white space only (joined with " ")
                if spaced_ellipsis and _STOP_THEN_ELLIPSIS.search(text, max(0, start - 12), start):
                    continue  # "compounds. . . . The": the sentence ended at the first stop (_EXTRA_BREAKS)
                if times and _time_goes_on(text, start):
                    continue
        kept.append(start)
        previous = start
    return kept


def _time_goes_on(text: str, start: int) -> bool:
    """Whether a sentence going on after "a.m."/"p.m." ends just before `start`: "at 7 p.m. Saturday"."""
    end = start - 1
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if text[end - 2 : end] not in ("m.", "M.") or not _TIME_END.search(text, max(0, end - 5), end):
        return False
    following = _NEXT_WORD.match(text, start)
    return bool(following) and following.group(1).lower() in _TIME_FOLLOWERS


def srx_rules() -> list[tuple[bool, str, str]]:
    """Paralelo's boundaries as SRX rules for CAT tools (OmegaT): (break?, before-regex, after-regex).

    Ordered as SRX applies them: at each position the first rule whose before-regex ends there and whose
    after-regex starts there decides. The regexes use the subset Java and Python share. They reproduce
    split_sentences on the seed article and on the own case set (tests/test_segment.py measures it); a
    CAT tool cannot call sentencex, so rare cases differ: "." inside quotes or parentheses before a
    capital (sentencex keeps them together, these rules break).
    """
    starters = "|".join(sorted(w.title() for w in SENTENCE_STARTERS))
    titles = "|".join(sorted(w.title() for w in _TITLES))
    abbreviations = "|".join(re.escape(a) for a in sorted(NON_BREAKING_ABBREVIATIONS, key=len, reverse=True))
    followers = "|".join(sorted(w.title() if len(w) > 3 else w.upper() for w in _TIME_FOLLOWERS))
    opener = "[\"'“‘(\\[¿¡]?"
    closer = "[\"'”’)\\]]*"
    return [
        # a list item's marker: "1. The court ...", "a) The right ...", "2. Allow visits."
        (False, r"^\s*\(?(?:\d{1,3}|[A-Za-z]|[ivxlc]{2,6})[.)]", r"\s"),
        (False, r"[a-z]{4}[.!?]\s+\(?\d{1,3}[.)]", r"\s"),
        # "7 p.m. Saturday", "4 p.m. EDT", "5 a.m. Mr. Smith": same sentence
        (False, r"\b[aApP]\.[mM]\.", rf"\s+(?:{followers}|{titles})\b"),
        (True, r"\b[aApP]\.[mM]\.", r"\s+[A-Z]"),
        # "No. 5"; "no." as a word ends a sentence
        (False, r"\b[Nn]os?\.", r"\s+\d"),
        (True, r"(?<![\w.])[Nn]o\.", rf"\s+{opener}[A-Z][a-z]"),
        # an ellipsis before a capital
        (True, rf"(?:\.\.\.|…){closer}", rf"\s+{opener}[A-Z]"),
        # any period (after an abbreviation, an initial, an acronym) before a typical sentence opener
        (True, rf"[.!?…]{closer}", rf"\s+{opener}(?:{starters})\b"),
        # the pronoun "I" after a lowercase word ends a sentence; a capital initial does not
        (True, r"\b[a-z]+\s+I\.", r"\s+[A-Z]"),
        # abbreviations, initials and acronyms otherwise keep the sentence going
        (False, rf"(?<![\w.])(?i:{abbreviations})\.", r"\s"),
        (False, r"(?<![\w.])[A-Z]\.", r"\s"),
        (False, r"(?<![\w.])(?:[A-Za-z]\.){2,}", r"\s"),
        # the end of a sentence: . ! ? … with closing quotes or brackets, before anything but lowercase
        (True, rf"[.!?…]+{closer}", r"\s+[^\sa-z]"),
    ]


def segment(
    blocks: list[Block], title: str | None = None, byline: str | None = None, lang: str = "en"
) -> list[Sentence]:
    """Turn an article's title, byline and blocks (in `lang`, "en" or "es") into numbered sentences.

    Title and byline are paragraphs 0 and 1 (byline only when present); their text is never split.
    """
    out: list[Sentence] = []
    para = 0
    for kind, text in (("title", title), ("byline", byline)):
        if text:
            out.append(Sentence(para, 0, kind, text))
            para += 1
    first_paragraph = True
    for block in blocks:
        pieces = [block.text] if block.kind in ("heading", "credit") else split_sentences(block.text, lang)
        kinds = [block.kind] * len(pieces)
        dateline = furniture.split_dateline(pieces[0]) if first_paragraph and block.kind == "paragraph" else None
        if dateline:  # "SAN SALVADOR (AP) —" opens the first paragraph: its own segment, by template
            pieces[:1], kinds[:1] = list(dateline), ["dateline", block.kind]
        first_paragraph = first_paragraph and block.kind != "paragraph"
        for i, (kind, sentence) in enumerate(zip(kinds, pieces, strict=True)):
            out.append(Sentence(para, i, kind, sentence))
        para += 1
    return out
