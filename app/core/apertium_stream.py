"""Apertium's stream format: tag a batch of texts with an analyser and an HMM tagger in one pipeline.

`lt-proc -w <automorf.bin> | apertium-tagger -g -p <prob>` gives one disambiguated reading per
word (^visit/visit<vblex><inf>$). The texts of a batch are joined with superblanks, which both
programs pass through untouched, and split again afterwards; every word keeps its offsets in its
text. Used for English (app.english.tagger) and for Spanish (app.spanish.tagger, app.spanish.grammar)
with the dictionaries of the same Debian package, apertium-eng-spa; prime_cache and cached_words keep
each language's tagged texts.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path("/usr/share/apertium/apertium-eng-spa")
TIMEOUT = 60

_SPECIAL = re.compile(r"([\[\]^$/\\<>@*{}])")
_SEPARATOR = "[§e{}§]"
_SPLIT = re.compile(r"\[§e(\d+)§\]")
_UNIT = re.compile(r"\^((?:\\.|[^$\\])*)\$")
_TAGS = re.compile(r"<([^<>]+)>")
# lt-proc stops reading at NUL and may choke on other control characters: they become spaces.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# An end of sentence the tagger can see between texts, so that one text's last word is not read as
# the start of the next one's phrase.
_END = " ."


class TaggerError(RuntimeError):
    """lt-proc or apertium-tagger is missing or failed."""


@dataclass(frozen=True)
class Word:
    """A word (or a multiword unit such as "court orders") with its offsets and chosen reading."""

    start: int
    end: int
    surface: str
    lemma: str  # "" for a word the analyser does not know
    tags: tuple[str, ...]
    tail: tuple[str, ...] = ()  # the tags of a joined unit's last part ("del": de<pr> + el<det><def><m><sg>)

    @property
    def pos(self) -> str:
        """The first tag: n, np, vblex, adj, adv, det, pr, ...; "" for an unknown word."""
        return self.tags[0] if self.tags else ""

    @property
    def known(self) -> bool:
        """True if the analyser knows the word."""
        return bool(self.tags)

    def tag(self, *choices: str) -> str | None:
        """The first of this word's tags among the choices (e.g. its gender: tag("m", "f", "mf"))."""
        return next((t for t in self.tags if t in choices), None)


def available(analyser: Path, prob: Path) -> bool:
    """True when lt-proc, apertium-tagger and both data files are installed."""
    return bool(shutil.which("lt-proc") and shutil.which("apertium-tagger")) and analyser.exists() and prob.exists()


def escape(text: str) -> str:
    """Text made safe for the stream format (markup characters escaped, control characters blanked)."""
    return _SPECIAL.sub(r"\\\1", _CONTROL.sub(" ", text))


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _pipeline(analyser: Path, prob: Path, payload: str) -> str:
    if not available(analyser, prob):
        raise TaggerError(f"lt-proc, apertium-tagger, {analyser.name} or {prob.name} is not installed")
    try:
        analysed = subprocess.run(
            ["lt-proc", "-w", str(analyser)], input=payload, capture_output=True, text=True, timeout=TIMEOUT
        )
        if analysed.returncode != 0:
            raise TaggerError(f"lt-proc exited {analysed.returncode}: {analysed.stderr.strip()[:300]}")
        tagged = subprocess.run(
            ["apertium-tagger", "-g", "-p", str(prob)],
            input=analysed.stdout, capture_output=True, text=True, timeout=TIMEOUT,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise TaggerError(f"the tagger failed to run: {exc}") from exc
    if tagged.returncode != 0:
        raise TaggerError(f"apertium-tagger exited {tagged.returncode}: {tagged.stderr.strip()[:300]}")
    return tagged.stdout


def tag(analyser: Path, prob: Path, texts: Sequence[str]) -> list[list[Word]]:
    """Tag every text of a batch in one lt-proc | apertium-tagger pipeline: its words, each with one reading."""
    if not texts:
        return []
    payload = "".join(escape(t) + _END + _SEPARATOR.format(i) + "\n" for i, t in enumerate(texts))
    parts = _SPLIT.split(_pipeline(analyser, prob, payload))
    chunks, numbers = parts[0:-1:2], parts[1::2]
    if numbers != [str(i) for i in range(len(texts))]:
        raise TaggerError(f"the tagger returned {len(numbers)} texts for {len(texts)}")
    return [_words(text, chunk) for text, chunk in zip(texts, chunks, strict=True)]


def prime_cache(cache: OrderedDict[str, list[Word]], lock: threading.Lock,
                tag_batch: Callable[[Sequence[str]], list[list[Word]]], texts: Sequence[str], size: int) -> None:
    """Tag the texts not yet in `cache`, in one call of `tag_batch`, keeping the `size` most recent."""
    with lock:
        todo = list(dict.fromkeys(t for t in texts if t and t not in cache))
    if not todo:
        return
    tagged = tag_batch(todo)
    with lock:
        for text, found in zip(todo, tagged, strict=True):
            cache[text] = found
        while len(cache) > size:
            cache.popitem(last=False)


def cached_words(cache: OrderedDict[str, list[Word]], lock: threading.Lock,
                 prime: Callable[[Sequence[str]], None], text: str) -> list[Word] | None:
    """A text's tagged words from `cache`, tagged now through `prime` if missing; None if tagging fails."""
    with lock:
        found = cache.get(text)
    if found is None:
        try:
            prime([text])
        except TaggerError:
            return None
        with lock:
            found = cache.get(text)
    return found


def _words(text: str, chunk: str) -> list[Word]:
    """Words of tagger output, with offsets found by walking the original text."""
    out: list[Word] = []
    pos = 0
    for m in _UNIT.finditer(chunk):
        surface, _, analysis = m.group(1).partition("/")
        surface = _unescape(surface)
        start = text.find(surface, pos)
        if start < 0:
            continue  # the full stop added after the text
        pos = start + len(surface)
        if analysis.startswith("*") or not analysis:
            out.append(Word(start, pos, surface, "", ()))
            continue
        # a joined unit ("won't" = will<vaux>+not<adv>, "del" = de<pr>+el<det>) is read by its first
        # part; a multiword with an inner part ("está de vuelta" = estar<vblex>...# de vuelta) by its head
        first, *rest = analysis.split("+")
        tail = tuple(_TAGS.findall(rest[-1])) if rest else ()
        out.append(Word(start, pos, surface, _unescape(first.split("<", 1)[0]), tuple(_TAGS.findall(first)), tail))
    return out


def readings(analyser: Path, texts: Sequence[str]) -> list[list[tuple[str, list[tuple[str, ...]]]]]:
    """Every analysis of every word (no tagger): per text, (surface, [tags of each reading]); [] if unknown."""
    if not texts:
        return []
    if not (shutil.which("lt-proc") and analyser.exists()):
        raise TaggerError(f"lt-proc or {analyser.name} is not installed")
    payload = "".join(escape(t) + _SEPARATOR.format(i) + "\n" for i, t in enumerate(texts))
    try:
        out = subprocess.run(["lt-proc", "-w", str(analyser)], input=payload, capture_output=True, text=True,
                             timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise TaggerError(f"lt-proc failed to run: {exc}") from exc
    if out.returncode != 0:
        raise TaggerError(f"lt-proc exited {out.returncode}: {out.stderr.strip()[:300]}")
    parts = _SPLIT.split(out.stdout)
    chunks, numbers = parts[0:-1:2], parts[1::2]
    if numbers != [str(i) for i in range(len(texts))]:
        raise TaggerError(f"lt-proc returned {len(numbers)} texts for {len(texts)}")
    result = []
    for chunk in chunks:
        words = []
        for m in _UNIT.finditer(chunk):
            surface, *analyses = re.split(r"(?<!\\)/", m.group(1))
            known = [tuple(_TAGS.findall(a.split("+")[0])) for a in analyses if not a.startswith("*")]
            words.append((_unescape(surface), known))
        result.append(words)
    return result
