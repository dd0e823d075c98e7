"""English part-of-speech tags from Apertium's own analyser and tagger (the eng-spa mode up to the tagger).

apertium-eng-spa installs the English analyser (eng-spa.automorf.bin) and the HMM tagger it uses
before transfer (eng-spa.prob): `lt-proc -w automorf | apertium-tagger -g -p prob` gives one
disambiguated reading per word, e.g. ^visit/visit<vblex><inf>$ after "may" and ^visit/visit<n><sg>$
after "the". A batch of texts is tagged in ONE pipeline: the texts are joined with superblanks, which
both programs pass through untouched, and split again afterwards. Results are cached per text so
that the pipeline can tag a whole chunk first and every later look-up costs nothing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path("/usr/share/apertium/apertium-eng-spa")
ANALYSER = DATA_DIR / "eng-spa.automorf.bin"
TAGGER = DATA_DIR / "eng-spa.prob"
TIMEOUT = 60
CACHE_SIZE = 20_000

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

    @property
    def pos(self) -> str:
        """The first tag: n, np, vblex, adj, adv, det, pr, ...; "" for an unknown word."""
        return self.tags[0] if self.tags else ""

    @property
    def known(self) -> bool:
        return bool(self.tags)


def available() -> bool:
    """True when lt-proc, apertium-tagger and the English analyser and tagger data are installed."""
    return bool(shutil.which("lt-proc") and shutil.which("apertium-tagger")) and ANALYSER.exists() and TAGGER.exists()


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", _CONTROL.sub(" ", text))


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _pipeline(payload: str) -> str:
    if not available():
        raise TaggerError("lt-proc, apertium-tagger or the apertium-eng-spa data are not installed")
    try:
        analysed = subprocess.run(
            ["lt-proc", "-w", str(ANALYSER)], input=payload, capture_output=True, text=True, timeout=TIMEOUT
        )
        if analysed.returncode != 0:
            raise TaggerError(f"lt-proc exited {analysed.returncode}: {analysed.stderr.strip()[:300]}")
        tagged = subprocess.run(
            ["apertium-tagger", "-g", "-p", str(TAGGER)],
            input=analysed.stdout, capture_output=True, text=True, timeout=TIMEOUT,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise TaggerError(f"the English tagger failed to run: {exc}") from exc
    if tagged.returncode != 0:
        raise TaggerError(f"apertium-tagger exited {tagged.returncode}: {tagged.stderr.strip()[:300]}")
    return tagged.stdout


def tag(texts: Sequence[str]) -> list[list[Word]]:
    """Tag every text of a batch in one lt-proc | apertium-tagger pipeline: its words, each with one reading."""
    if not texts:
        return []
    payload = "".join(_escape(t) + _END + _SEPARATOR.format(i) + "\n" for i, t in enumerate(texts))
    parts = _SPLIT.split(_pipeline(payload))
    chunks, numbers = parts[0:-1:2], parts[1::2]
    if numbers != [str(i) for i in range(len(texts))]:
        raise TaggerError(f"the English tagger returned {len(numbers)} texts for {len(texts)}")
    return [_words(text, chunk) for text, chunk in zip(texts, chunks, strict=True)]


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
        # a joined unit ("won't" = will<vaux>+not<adv>) is read by its first part
        first = analysis.split("+")[0]
        out.append(Word(start, pos, surface, _unescape(first.split("<", 1)[0]), tuple(_TAGS.findall(first))))
    return out


_cache: OrderedDict[str, list[Word]] = OrderedDict()
_lock = threading.Lock()


def prime(texts: Sequence[str]) -> None:
    """Tag the texts not yet cached, in one pipeline call (ahead of many look-ups)."""
    with _lock:
        todo = list(dict.fromkeys(t for t in texts if t and t not in _cache))
    if not todo:
        return
    tagged = tag(todo)
    with _lock:
        for text, words in zip(todo, tagged, strict=True):
            _cache[text] = words
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)


def words(text: str) -> list[Word] | None:
    """The tagged words of a text (from the cache, or tagged now); None when no tagger is installed."""
    if not text or not available():
        return None
    with _lock:
        found = _cache.get(text)
    if found is None:
        try:
            prime([text])
        except TaggerError:
            return None
        with _lock:
            found = _cache.get(text)
    return found
