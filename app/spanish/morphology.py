"""Spanish morphology through Apertium's lttoolbox: analyse and generate word forms with `lt-proc`.

apertium-eng-spa installs the Spanish analyser (spa-eng.automorf.bin) and generator
(eng-spa.autogen.bin). Every call handles a whole batch in ONE process: the texts of a batch are
joined with superblanks, which lt-proc passes through untouched, and split again afterwards.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path("/usr/share/apertium/apertium-eng-spa")
ANALYSER = DATA_DIR / "spa-eng.automorf.bin"
GENERATOR = DATA_DIR / "eng-spa.autogen.bin"
TIMEOUT = 60

_SPECIAL = re.compile(r"([\[\]^$/\\<>@*{}])")
_SEPARATOR = "[§m{}§]"
_SPLIT = re.compile(r"\[§m(\d+)§\]")
# lt-proc output: blanks (with escaped characters and superblanks) and ^surface/analysis/...$ units
_UNIT = re.compile(r"\^((?:\\.|[^$\\])*)\$")
_TAGS = re.compile(r"<([^<>]+)>")
# lt-proc stops reading at NUL and may choke on other control characters: they become spaces.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class MorphologyError(RuntimeError):
    """lt-proc is missing or failed."""


@dataclass(frozen=True)
class Reading:
    """One analysis of a word: lemma and tags, e.g. archivar [vblex, pp, f, sg]."""

    lemma: str
    tags: tuple[str, ...]

    @property
    def pos(self) -> str:
        return self.tags[0] if self.tags else ""

    @property
    def gender(self) -> str | None:
        return next((t for t in self.tags if t in ("m", "f", "mf", "nt")), None)

    @property
    def number(self) -> str | None:
        return next((t for t in self.tags if t in ("sg", "pl", "sp")), None)

    def unit(self, gender: str | None = None, number: str | None = None) -> str:
        """The lexical unit for the generator, with gender and/or number replaced."""
        tags = [
            gender if (gender and t in ("m", "f")) else number if (number and t in ("sg", "pl")) else t
            for t in self.tags
        ]
        return "^" + escape(self.lemma) + "".join(f"<{t}>" for t in tags) + "$"


@dataclass(frozen=True)
class Token:
    """A word of a text with its offsets and its readings (none when the analyser does not know it)."""

    start: int
    end: int
    surface: str
    readings: tuple[Reading, ...]

    def has(self, *pos: str) -> bool:
        return any(r.pos in pos for r in self.readings)


def available() -> bool:
    """True when lt-proc and the Spanish analyser and generator are installed."""
    return bool(shutil.which("lt-proc")) and ANALYSER.exists() and GENERATOR.exists()


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _run(args: list[str], payload: str) -> str:
    if not available():
        raise MorphologyError("lt-proc or the apertium-eng-spa dictionaries are not installed")
    try:
        proc = subprocess.run(
            ["lt-proc", *args], input=payload, capture_output=True, text=True, timeout=TIMEOUT
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise MorphologyError(f"lt-proc failed to run: {exc}") from exc
    if proc.returncode != 0:
        raise MorphologyError(f"lt-proc exited {proc.returncode}: {proc.stderr.strip()[:300]}")
    return proc.stdout


def analyse(texts: Sequence[str]) -> list[list[Token]]:
    """Analyse every text of a batch in one lt-proc call: the words of each with their readings."""
    if not texts:
        return []
    payload = "".join(escape(_CONTROL.sub(" ", t)) + _SEPARATOR.format(i) + "\n" for i, t in enumerate(texts))
    parts = _SPLIT.split(_run([str(ANALYSER)], payload))
    chunks, numbers = parts[0:-1:2], parts[1::2]
    if numbers != [str(i) for i in range(len(texts))]:
        raise MorphologyError(f"lt-proc returned {len(numbers)} texts for {len(texts)}")
    return [_tokens(text, chunk) for text, chunk in zip(texts, chunks, strict=True)]


def _tokens(text: str, chunk: str) -> list[Token]:
    """Tokens of lt-proc output, with offsets found by walking the original text."""
    out: list[Token] = []
    pos = 0
    for m in _UNIT.finditer(chunk):
        fields = re.split(r"(?<!\\)/", m.group(1))
        surface = _unescape(fields[0])
        start = text.find(surface, pos)
        if start < 0:
            continue
        pos = start + len(surface)
        readings = []
        for field in fields[1:]:
            if field.startswith("*"):
                continue  # unknown word
            # a contraction ("del" = de<pr>+el<det>...) keeps its last part: the determiner
            last = field.split("+")[-1]
            lemma = _unescape(last.split("<", 1)[0])
            readings.append(Reading(lemma, tuple(_TAGS.findall(last))))
        out.append(Token(start, pos, surface, tuple(_dedupe(readings))))
    return out


def _dedupe(readings: list[Reading]) -> list[Reading]:
    seen: list[Reading] = []
    for r in readings:
        if r not in seen:
            seen.append(r)
    return seen


def generate(units: Sequence[str]) -> list[str | None]:
    """Generate the surface form of each lexical unit (`^archivar<vblex><pp><f><sg>$`) in one call.

    None where the generator has no such form (it answers `#lemma`).
    """
    if not units:
        return []
    payload = "".join(u + _SEPARATOR.format(i) + "\n" for i, u in enumerate(units))
    parts = _SPLIT.split(_run(["-g", str(GENERATOR)], payload))
    forms, numbers = parts[0:-1:2], parts[1::2]
    if numbers != [str(i) for i in range(len(units))]:
        raise MorphologyError(f"lt-proc -g returned {len(numbers)} forms for {len(units)}")
    out: list[str | None] = []
    for form in forms:
        form = _unescape(form.strip()).lstrip("~")  # ~ marks forms post-generation may join
        out.append(None if not form or "#" in form or "^" in form else form)
    return out
