"""Apertium's stream format as the engine uses it: escaping, the batch's markers, a protected sentence."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.core.terms import Term

# Characters Apertium's stream format treats as markup; escaped with a backslash under -f none.
_SPECIAL = re.compile(r"([\[\]^$/\\<>@*{}])")
_UNESCAPE = re.compile(r"\\(.)")
# Superblanks pass through Apertium verbatim: one marks each sentence boundary, one each term.
# Each batch draws a nonce that occurs nowhere in its text, so user text that happens to read
# "[§t0§]" or "[§s0§]" (escaped, so not a superblank) can never be taken for a marker.
_SEPARATOR = "\n[§s{nonce}{i}§]\n"
_TERM = "[§t{nonce}{i}§]"
# A number is stood in for by a number, so that the sentence keeps its shape ("paid [§t0§] to" reads as
# "pagado"; "paid 4827 to" as "pagó"): four-digit numbers Apertium copies as they are.
NUMBER_STANDINS = ("4827", "5913", "6358", "7246", "8491", "9137", "3692", "2584")
@dataclass
class Protected:
    """A sentence ready for apertium: its escaped text, the marker of each term, noun stand-ins."""

    text: str
    markers: dict[str, Term]
    nouns: dict[str, str] = field(default_factory=dict)  # Spanish stand-in noun (or number) -> term marker
    full_stop: bool = False  # a "." was added so that the engine cannot join it to the next sentence
    genitives: dict[str, Term] = field(default_factory=dict)  # marker of a name put after "de" -> its term


def batch_nonce(texts: Sequence[str]) -> str:
    """A marker nonce found in none of the texts (8 random hex digits and an "x")."""
    while True:
        nonce = secrets.token_hex(4) + "x"
        if not any(nonce in text for text in texts):
            return nonce


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)
