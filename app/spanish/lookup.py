"""Word lookup: an English word's Spanish equivalents from Apertium's eng-spa dictionaries (lt-proc), or a
Spanish word's English ones from the spa-eng analyser and bilingual dictionary (a Spanish article). No Flask."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

from cachetools import LRUCache

from app.core.messages import N_, UserError

DATA = Path("/usr/share/apertium/apertium-eng-spa")
MORPH = "eng-spa.automorf.bin"  # English analyser: surface form -> lemma<tags>
BIDIX = "eng-spa.autobil.bin"  # bilingual dictionary: lemma<tags> -> Spanish lemma<tags>
# the files for each language looked up from: (analyser, bilingual dictionary)
FILES = {"en": (MORPH, BIDIX), "es": ("spa-eng.automorf.bin", "spa-eng.autobil.bin")}
MAX_WORD = 40
WORD = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ](?:[A-Za-zÁÉÍÓÚÜÑáéíóúüñ'’-]{0,38}[A-Za-zÁÉÍÓÚÜÑáéíóúüñ])?")  # en or es
SPANISH_WORD = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ](?:[A-Za-zÁÉÍÓÚÜÑáéíóúüñ'’-]{0,38}[A-Za-zÁÉÍÓÚÜÑáéíóúüñ])?")
# ^surface/analysis1/analysis2$  and  ^lemma<tags>/trad1<tags>/trad2<tags>$
_UNIT = re.compile(r"\^((?:[^$\\]|\\.)*)\$")
_TAGS = re.compile(r"<([^>]+)>")
TIMEOUT = 10


class WordLookupError(UserError):
    """The word cannot be looked up; the message says why."""


@dataclass
class Sense:
    """One reading of the word: its lemma, part of speech and Spanish equivalents."""

    lemma: str
    pos: str
    tags: list[str] = field(default_factory=list)
    translations: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"lemma": self.lemma, "pos": self.pos, "tags": self.tags, "translations": self.translations}


def clean_word(word: str | None, lang: str = "en") -> str:
    """The word to look up, or a UserError for anything that is not one word of the language."""
    word = (word or "").strip()
    if not word:
        raise WordLookupError(N_("Give a word to look up."))
    if lang == "es":
        if len(word) > MAX_WORD or not SPANISH_WORD.fullmatch(word):
            raise WordLookupError(N_("Only a single Spanish word can be looked up."))
    elif len(word) > MAX_WORD or not WORD.fullmatch(word):
        raise WordLookupError(N_("Only a single English word can be looked up."))
    return word


def _split(analysis: str) -> tuple[str, list[str]]:
    """'detainee<n><pl>' -> ('detainee', ['n', 'pl'])."""
    at = analysis.find("<")
    lemma = analysis if at < 0 else analysis[:at]
    return lemma.replace("\\", ""), _TAGS.findall(analysis)


def _units(output: str) -> list[list[str]]:
    """Each ^...$ unit of lt-proc output, split at unescaped slashes."""
    return [re.split(r"(?<!\\)/", unit) for unit in _UNIT.findall(output)]


def _escape(text: str) -> str:
    return re.sub(r"([\[\]^$/\\<>@*{}])", r"\\\1", text)


class Dictionary:
    """Apertium's analyser and bilingual dictionary for English (eng-spa) or, with lang="es", Spanish
    (spa-eng), run through lt-proc; results cached."""

    def __init__(self, data: Path = DATA, cache_size: int = 2048, lang: str = "en"):
        self.data = Path(data)
        self.lang = lang
        self.morph, self.bidix = FILES[lang]
        self._cache: LRUCache = LRUCache(maxsize=cache_size)
        self._lock = threading.Lock()

    def available(self) -> bool:
        return (shutil.which("lt-proc") is not None and (self.data / self.morph).is_file()
                and (self.data / self.bidix).is_file())

    def _run(self, flags: list[str], binary: str, text: str) -> str:
        done = subprocess.run(
            ["lt-proc", *flags, str(self.data / binary)],
            input=text, capture_output=True, text=True, timeout=TIMEOUT, check=True,
        )
        return done.stdout

    def lookup(self, word: str) -> list[Sense]:
        """Every reading of word (lemma, part of speech) with its equivalents in the other language; [] when unknown."""
        word = clean_word(word, self.lang)
        with self._lock:
            if word in self._cache:
                return self._cache[word]
        senses = self._lookup(word)
        with self._lock:
            self._cache[word] = senses
        return senses

    def _lookup(self, word: str) -> list[Sense]:
        analyses = []
        for unit in _units(self._run([], self.morph, _escape(word) + "\n")):
            analyses += [a for a in unit[1:] if not a.startswith(("*", "@", "#"))]
        if not analyses and word != word.lower():
            return self._lookup(word.lower())
        senses: dict[tuple[str, str], Sense] = {}
        readings = []
        for analysis in dict.fromkeys(analyses):
            lemma, tags = _split(analysis)
            if not tags or "+" in analysis:  # multiword joins ("can't") have no single lemma
                continue
            readings.append((lemma, tags))
        if not readings:
            return []
        query = " ".join(f"^{_escape(lemma)}" + "".join(f"<{t}>" for t in tags) + "$" for lemma, tags in readings)
        units = _units(self._run(["-b"], self.bidix, query + "\n"))
        for (lemma, tags), unit in zip(readings, units, strict=False):
            sense = senses.setdefault((lemma, tags[0]), Sense(lemma, tags[0], tags))
            for trad in unit[1:]:
                if trad.startswith(("@", "*", "#")):
                    continue
                text, ttags = _split(trad)
                written = " ".join(text.replace("_", " ").replace("#", "").split())  # "llegar# a ser": llegar a ser
                gender = next((t for t in ttags if t in ("m", "f")), None) if self.lang == "en" else None
                item = {"text": written, "gender": gender}
                if item not in sense.translations:
                    sense.translations.append(item)
        return [s for s in senses.values() if s.translations]
