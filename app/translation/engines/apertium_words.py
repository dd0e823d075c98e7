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
    """[{"source": surface word, "options": [Spanish words]}] for words with more than one translation.

    Options are words an editor can put in the sentence: nouns inflected as the English was (plural
    for a plural), other words as their lemma written out ("llegar a ser", never "llegar# a ser").
    """
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
    found = []
    for surface, unit in zip(surfaces, _UNIT.findall(looked_up), strict=False):
        _source, *targets = unit.split("/")
        targets = [t for t in targets if t and not t.startswith(("@", "*", "#"))]
        if len({_lemma(t) for t in targets}) > 1:
            found.append((surface, targets))
    if not found:
        return []
    forms = _inflected([t for _s, targets in found for t in targets], data, timeout)
    out = []
    for surface, targets in found:
        options = list(dict.fromkeys(forms.get(t) or _lemma(t) for t in targets))
        if len(options) > 1:
            out.append({"source": surface, "options": options})
    return out


def _lemma(analysis: str) -> str:
    """A Spanish lemma as a person writes it: "llegar# a ser<vblex>" -> "llegar a ser"."""
    text = _TAGS.sub("", analysis).replace("\\", "").replace("#", "").replace("_", " ")
    return " ".join(text.split())


def _inflected(analyses: list[str], data: Path, timeout: float) -> dict[str, str]:
    """Nouns in the sentence's number and the dictionary's gender ("tribunal<n><m><pl>" -> "tribunales"),
    from Apertium's Spanish generator; other words keep their lemma (a verb's English tense does not
    map onto a Spanish one without the transfer rules)."""
    nouns = [a for a in dict.fromkeys(analyses) if re.search(r"<n><[mf]><(?:sg|pl)>", a)]
    if not nouns:
        return {}
    # the bidix writes a multiword's invariable part before the tags ("centro# penal<n><m><pl>");
    # the generator wants it after them
    units = [re.sub(r"^([^#<]*)(#[^<]*)(<.*)$", r"\1\3\2", a) for a in nouns]
    generated = _run(["lt-proc", "-g", str(data / "eng-spa.autogen.bin")],
                     "".join(f"^{u}$\n" for u in units), timeout).splitlines()
    if len(generated) < len(nouns):
        return {}
    return {a: " ".join(g.split()) for a, g in zip(nouns, generated, strict=False)
            if g.strip() and not g.strip().startswith(("#", "@", "*"))}
