"""Word choices from Apertium's bilingual dictionary: where an English word has several Spanish lemmas.

The sentence is analysed (lt-proc with eng-spa.automorf.bin), disambiguated (apertium-tagger -p,
keeping the surface form) and looked up in eng-spa.autobil.bin (lt-proc -b), which lists every
translation of a lexical unit: ^court<n><sg>/corte<n><f><sg>/tribunal<n><m><sg>$.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

DATA = Path("/usr/share/apertium/apertium-eng-spa")
_UNIT = re.compile(r"\^((?:\\.|[^$\\])*)\$")
_TAGS = re.compile(r"<[^>]*>")


def _run(args: list[str], text: str, timeout: float) -> str:
    return subprocess.run(args, input=text, capture_output=True, text=True, timeout=timeout, check=True).stdout


def _escape(text: str) -> str:
    return re.sub(r"([\[\]^$/\\<>@*{}])", r"\\\1", text)


def word_choices(sentence: str, data: Path = DATA, timeout: float = 20) -> list[dict]:
    """[{"source": surface word, "options": [Spanish lemmas]}] for words with more than one translation."""
    analysed = _run(["lt-proc", "-w", str(data / "eng-spa.automorf.bin")], _escape(sentence) + "\n", timeout)
    tagged = _run(["apertium-tagger", "-g", "-p", str(data / "eng-spa.prob")], analysed, timeout)
    surfaces, lexical = [], []
    for unit in _UNIT.findall(tagged):
        surface, _, analysis = unit.partition("/")
        if not analysis or analysis.startswith("*"):
            continue  # unknown word: nothing in the dictionary
        surfaces.append(surface)
        lexical.append(f"^{analysis}$")
    if not lexical:
        return []
    looked_up = _run(["lt-proc", "-b", str(data / "eng-spa.autobil.bin")], " ".join(lexical) + "\n", timeout)
    out = []
    for surface, unit in zip(surfaces, _UNIT.findall(looked_up), strict=False):
        _source, *targets = unit.split("/")
        lemmas = list(dict.fromkeys(_TAGS.sub("", t).replace("\\", "") for t in targets if t))
        lemmas = [lemma for lemma in lemmas if lemma]
        if len(lemmas) > 1:
            out.append({"source": surface, "options": lemmas})
    return out
