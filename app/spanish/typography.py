"""Spanish typography for machine output: spaces, opening ¿ ¡, and quotation marks per locale.

Runs on every machine translation, whatever the engine. Quotation marks follow one documented rule:
Spain (`es`) uses angular quotes « » as the RAE's Ortografía (2010, §3.4.8) recommends for the first
level; every Latin-American variant (`es-419`, `es-SV`, `es-MX`, `es-US`) uses English-style
curly quotes “ ”, the usual practice of its press. Second-level quotes and apostrophes (' ’) are
left alone.
"""

from __future__ import annotations

import re

QUOTES = {"es": ("«", "»")}
DEFAULT_QUOTES = ("“", "”")

_SPACES = re.compile(r"[ \t\u00a0]{2,}")
_BEFORE_PUNCT = re.compile(r"[ \t]+([,.;:?!…)\]»”])")
_AFTER_OPENING = re.compile(r"([¿¡(\[«“])[ \t]+")
_DOUBLE_QUOTE = re.compile(r"[\"“”«»]")
_DOUBLED_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")  # "EE. UU.." (an abbreviation ends the sentence)


def quotes_for(locale: str) -> tuple[str, str]:
    """The (opening, closing) first-level quotation marks for a Spanish locale."""
    return QUOTES.get(locale, DEFAULT_QUOTES)


def clean(text: str, locale: str = "es-419") -> str:
    """Tidy one translated sentence: quotes, single spaces, no space before closing punctuation, ¿ ¡."""
    text = requote(text, locale)
    text = _SPACES.sub(" ", text.strip())
    text = _BEFORE_PUNCT.sub(r"\1", text)
    text = _AFTER_OPENING.sub(r"\1", text)
    text = _DOUBLED_STOP.sub(".", text)
    return spanish_punctuation(text)


def requote(text: str, locale: str) -> str:
    """Put the locale's double quotes in, deciding opening or closing from the neighbours."""
    opening, closing = quotes_for(locale)
    out = []
    for i, ch in enumerate(text):
        if not _DOUBLE_QUOTE.fullmatch(ch):
            out.append(ch)
            continue
        if ch in "«“":
            out.append(opening)
        elif ch in "»”":
            out.append(closing)
        else:  # a straight quote: opening after a space or an opening mark, closing otherwise
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            is_opening = (before.isspace() or before in "([{—–-¿¡") and not after.isspace()
            out.append(opening if is_opening else closing)
    return "".join(out)


def spanish_punctuation(text: str) -> str:
    """Open a question or exclamation with ¿ or ¡ when the engine left it out."""
    for close, open_ in (("?", "¿"), ("!", "¡")):
        if text.rstrip(" \"'”’»)").endswith(close) and open_ not in text:
            start = _question_start(text, close)
            text = text[:start] + open_ + text[start:]
    return text


def _question_start(text: str, close: str) -> int:
    """Where the final question begins: after the last sentence break before it, past quotes."""
    end = text.rstrip().rfind(close)
    cut = max(text.rfind(p, 0, end) for p in (". ", ": ", "; "))
    start = cut + 2 if cut >= 0 else 0
    while start < len(text) and text[start] in " \"'“‘«(—–-":
        start += 1
    return start
