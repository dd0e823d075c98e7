"""ALL-CAPS headlines shown in a readable case: sentence case that keeps names and acronyms.

The original is kept (Article.original_title); the readable form is what the English column, the
tab title, the lists and the exports show, and what the engine translates. Capitals are kept for
glossary entries whose English is written with capitals (names such as "El Salvador", "Tren de
Aragua", "CECOT"), for a small list of acronyms and of words English always capitalises (days,
months, demonyms, "Associated Press"), and for the first word.
"""

from __future__ import annotations

import re

from app.english.words import ACRONYMS, CAPITALISED, PHRASES
from app.glossary.matcher import Matcher

# the lists live with the English language tools (the engine's Title Case handling uses them too)
KNOWN_WORDS = CAPITALISED
KNOWN_PHRASES = PHRASES
_WORD = re.compile(r"[\w.'’-]+")


def is_all_caps(text: str) -> bool:
    """A headline written in capitals: more than 12 letters, none lower-case."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 12 and all(c.isupper() for c in letters)


def readable(title: str, matcher: Matcher | None = None) -> str:
    """Sentence case for an ALL-CAPS headline, keeping names and acronyms; other titles unchanged."""
    if not is_all_caps(title):
        return title
    lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in title)
    chars = list(lowered)
    for m in _WORD.finditer(title):
        word = m.group(0).strip(".'’-") if m.group(0) not in ACRONYMS else m.group(0)
        start = m.start() + m.group(0).find(word)
        if word in ACRONYMS or word.rstrip("'’s") in ACRONYMS:
            chars[start : start + len(word)] = title[start : start + len(word)]
        elif word.lower() in KNOWN_WORDS:
            chars[start : start + len(word)] = KNOWN_WORDS[word.lower()]
    out = "".join(chars)
    for phrase in KNOWN_PHRASES:
        out = re.sub(rf"\b{re.escape(phrase.lower())}\b", phrase, out)
    if matcher is not None:
        out = _glossary_names(out, matcher)
    return _first_upper(out)


# News agencies whose name a headline may end with even when the page names no site (a pasted article).
AGENCIES = ("The Associated Press", "Associated Press", "AP News", "AP", "Reuters", "AFP", "Agence France-Presse",
            "EFE", "Bloomberg")


def without_site(title: str, *sites: str | None) -> str:
    """The headline without a trailing site or agency name: "Prison opens - Associated Press" -> "Prison opens".

    `sites` are names the page gave (og:site_name); the agencies above are always tried. What is left
    must still read as a headline (ten characters or more), else the title stays as it was.
    """
    names = sorted({n.strip() for n in (*sites, *AGENCIES) if n and n.strip()}, key=len, reverse=True)
    for name in names:
        m = re.search(rf"\s+[-–—|·:]\s*{re.escape(name)}\s*$", title, re.IGNORECASE)
        if m and len(title[: m.start()].strip()) >= 10:
            return title[: m.start()].rstrip()
    return title


def _glossary_names(text: str, matcher: Matcher) -> str:
    """Write each glossary entry whose English has capitals as the entry writes it."""
    for match in matcher.find(text):
        for form, _, _ in match.entry.forms():
            span = text[match.start : match.end]
            if form.lower() == span.lower() and form != form.lower() and len(form) == len(span):
                text = text[: match.start] + form + text[match.end :]
                break
    return text


def _first_upper(text: str) -> str:
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
    return text
