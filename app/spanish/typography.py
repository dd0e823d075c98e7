"""Spanish typography for machine output: spaces, opening ¿ ¡, quotation marks and rayas, per the RAE.

Runs on every machine translation, whatever the engine. Quotation marks follow one documented rule:
Spain (`es`) uses angular quotes « » as the RAE's Ortografía (2010, §3.4.8) recommends for the first
level; every Latin-American variant (`es-419`, `es-SV`, `es-MX`, `es-US`) uses English-style
curly quotes “ ”, the usual practice of its press. Second-level quotes and apostrophes (' ’) are
not changed. In all five locales, as the Ortografía prescribes:
- the period, comma, semicolon and colon go after the closing quote (§3.4.8.3a: «No lo haré», dijo),
  and a sentence that ends in a quotation ending in ? ! or … still takes its period after the quote
  («¿Dónde te crees que vas?».);
- an inciso goes between rayas attached to it, "El alcalde —que fue elegido en 2020— dijo" (§3.4.7),
  whatever the engine wrote: a spaced em dash, en dash, hyphen or double hyphen; the closing raya is
  never dropped, not even before the final period ("—no solo el dinero—.", DPD, raya 1.1). An
  agency dateline keeps its spaced dash, "LAS VEGAS (AP) — Diego Castro…", as Spanish-language
  agencies print it, and a trailing dash in a title ("… - Associated Press") is left alone.
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
    """Tidy one translated sentence: quotes, rayas, single spaces, punctuation after quotes, ¿ ¡."""
    text = requote(text, locale)
    text = _SPACES.sub(" ", text.strip())
    text = _BEFORE_PUNCT.sub(r"\1", text)
    text = _AFTER_OPENING.sub(r"\1", text)
    text = _DOUBLED_STOP.sub(".", text)
    text = rayas(text)
    text = spanish_punctuation(text)  # before the period goes after a closing quote: "?”" is seen as a question
    return punctuation_after_quotes(text)


def requote(text: str, locale: str) -> str:
    """Put the locale's double quotes in, deciding opening or closing from the neighbours.

    A straight quote after a space (or an opening mark) and before a word opens; one after a word
    and before a space closes. Engines also write a lone quote between spaces (Apertium: '" Apelaremos,"'):
    it closes a quotation that is open and opens one otherwise.
    """
    opening, closing = quotes_for(locale)
    out = []
    is_open = False
    for i, ch in enumerate(text):
        if not _DOUBLE_QUOTE.fullmatch(ch):
            out.append(ch)
            continue
        if ch in "«“":
            is_opening = True
        elif ch in "»”":
            is_opening = False
        else:
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            before_open = before.isspace() or before in "([{—–-¿¡"
            after_open = after.isspace() or after in ".,;:!?)]}…"
            is_opening = not is_open if before_open == after_open else before_open
        out.append(opening if is_opening else closing)
        is_open = is_opening
    return "".join(out)


_CLOSING_QUOTES = "»”’'"
# A comma, semicolon, colon or period (not an abbreviation's, not an ellipsis) before a closing quote.
_PUNCT_IN_QUOTE = re.compile(
    rf"(?<![.\s])(?<!\b[A-ZÁÉÍÓÚ])(?<!\b[A-ZÁÉÍÓÚ]{{2}})(?<!\b[a-z])([,;:]|\.(?!\.))[ \t]?([{_CLOSING_QUOTES}])"
)
_ENDS_IN_QUOTE = re.compile(r"([?!…]|\.\.\.|(?<=\b[A-ZÁÉÍÓÚa-z])\.|(?<=\b[A-ZÁÉÍÓÚ]{2})\.)([»”])\s*$")


def punctuation_after_quotes(text: str) -> str:
    """Put commas and periods after the closing quote («…», dijo; «…».), as the RAE prescribes."""
    text = _PUNCT_IN_QUOTE.sub(r"\2\1", text)
    # a sentence ending in a quotation that ends in ? ! … or an abbreviation still takes its period
    return _ENDS_IN_QUOTE.sub(r"\1\2.", text)


_DATELINE_DASH = re.compile(r"^[^a-z—–]{2,80}?\((?:AP|AFP|EFE|Reuters|Europa Press)\) ?[—–-]{1,2} ")
# A dash used as one: em dash spaced or glued to words, or spaced en dash, hyphen, double hyphen.
_DASH = re.compile(r"[ \t]*—[ \t]*|(?<=[^\s\d])[ \t]+(?:–|--?)[ \t]+(?=[^\s\d])|(?<=\d)[ \t]+(?:–|--?)[ \t]+(?=\D)"
                   r"|(?<=\D)[ \t]+(?:–|--?)[ \t]+(?=\d)")
_FINAL = re.compile(r"([.!?…]+[»”’'\)]*|[»”’'\)]*[.!?…]+)\s*$")


def rayas(text: str) -> str:
    """Write incisos between rayas attached to them: "a — b — c" -> "a —b— c"; "a — b." -> "a —b—."."""
    head = ""
    m = _DATELINE_DASH.match(text)
    if m:
        head, text = m.group(0), text[m.end() :]
    # a dash that opens the text marks a list item or a line of dialogue, not an inciso
    dashes = [d for d in _DASH.finditer(text) if text[: d.start()].strip() and text.strip() not in ("—", "–", "-")]
    if not dashes:
        return head + text
    final = _FINAL.search(text)
    if len(dashes) % 2 and not final:
        return head + text  # one dash in a title ("… - Associated Press"): not an inciso
    out, pos = [], 0
    for n, d in enumerate(dashes):
        piece = text[pos : d.start()]
        if n % 2 == 0:  # opening raya: a space before it, none after
            out.append(piece + (" —" if piece else "—"))
        else:  # closing raya: none before it, a space after unless punctuation follows
            after = text[d.end() : d.end() + 1]
            out.append(piece + ("—" if not after or after in ".,;:!?)»”" else "— "))
        pos = d.end()
    rest = text[pos:]
    if len(dashes) % 2:  # the inciso runs to the end: its closing raya goes before the final period
        cut = _FINAL.search(rest)
        rest = rest[: cut.start()] + "—" + rest[cut.start() :] if cut else rest + "—"
    return head + "".join(out) + rest


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
