"""Passive voice: an English event passive is *ser* in Spanish news, not the *estar* Apertium writes.

Apertium renders every English "was/were/is + participle" with *estar* ("were transferred" ->
"estuvieron transferidos"). Spanish keeps *estar* for a resultative state ("las puertas estaban
cerradas") but writes an action, with or without its agent, with *ser* ("fueron trasladados") or a
*se* construction. The decision is taken on the English, tagged by Apertium's own English analyser
and tagger (the first two steps of the eng-spa mode):

- "be" (any form) + optional adverbs + a verb's past participle is a passive;
- it is an event passive when it has an agent ("by" + a noun phrase that is not a time or a means:
  "by police", not "by Monday", "by law", "by bus"), or when the participle's verb is not one of the
  STATES below (verbs whose passive usually describes a state: "is located", "were closed", "is
  scheduled", "were worried");
- the Spanish form of *estar* before the participle the bilingual dictionary gives for it
  ("transfer" -> "transferir") is regenerated as *ser* with the same tense, person and number
  ("estuvieron" -> "fueron", "ha estado" -> "ha sido") by the Spanish generator;
- a state in the English simple past keeps *estar* in the imperfect, as a state is told in Spanish
  ("the doors were closed" -> "estaban cerradas", not the preterite "estuvieron"), unless a bounding
  time follows ("were closed for three days" -> "estuvieron cerradas durante tres días").

Nothing inside an enforced glossary term is touched; a Spanish *estar* that no English passive
accounts for is left alone. The English tagger here is the smallest one this needs (lemma, tags
and offsets per word); see the report of branch `news` about sharing one with app.english.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core.terms import Term, spans

from . import morphology
from .morphology import MorphologyError, Token

DATA_DIR = morphology.DATA_DIR
ENGLISH_ANALYSER = DATA_DIR / "eng-spa.automorf.bin"
ENGLISH_TAGGER = DATA_DIR / "eng-spa.prob"
BILINGUAL = DATA_DIR / "eng-spa.autobil.bin"

# English verbs whose agentless passive is usually a state: estar stays ("is located", "were closed").
STATES = frozenset(
    """
    locate base situate seat station surround border line cover fill crowd pack stack block
    close lock shut open chain shackle handcuff schedule slate set require entitle oblige obligate
    involve concern interest worry surprise please satisfy disappoint tire exhaust frustrate
    prepare dress equip arm marry divorce engage relate connect link tie attach associate compose limit restrict
    """.split()
)
# Verbs whose agentless passive is a state in the present ("he is detained at") and an event in
# other tenses ("he was detained on Monday", "could be jailed").
RESULTS = frozenset(
    """
    hold detain jail imprison confine incarcerate injure wound hurt trap strand isolate damage destroy
    bury flood
    """.split()
)
_PRESENT = frozenset({"pres", "pri"})
# "is expected to", "was said to": a raising passive is "se espera que", neither ser nor estar + participle;
# left as the engine wrote it.
RAISING = frozenset("expect believe say think suppose report consider estimate project anticipate rumor".split())
# Objects of "by" that are a means, not an agent ("by law", "by bus"), or a time ("by Monday").
_NOT_AGENTS = frozenset(
    """
    law phone telephone mail email video bus car train plane air sea road hand force
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december noon midnight then now time end day week month
    year morning afternoon evening night tonight today tomorrow
    """.split()
)
_UNIT = re.compile(r"\^((?:\\.|[^$\\])*)\$")
_TAGS = re.compile(r"<([^<>]+)>")
_SEPARATOR = "[§p{}§]"
_SPLIT = re.compile(r"\[§p(\d+)§\]")
_SKIPPABLE = ("adv", "preadv", "cnjadv")  # words allowed between "be" and the participle


@dataclass(frozen=True)
class Word:
    """An English word as the tagger reads it: surface, lemma and tags."""

    surface: str
    lemma: str
    tags: tuple[str, ...]

    @property
    def pos(self) -> str:
        return self.tags[0] if self.tags else ""


@dataclass(frozen=True)
class Passive:
    """An English passive: the participle's lemma, whether it is an event, and its English words."""

    lemma: str
    event: bool
    english: str
    ongoing: bool = False  # a state in the English simple past with no bounding time: imperfect estar


def tag(sentences: Sequence[str]) -> list[list[Word]]:
    """Tag English sentences in one call of Apertium's English analyser and tagger."""
    if not sentences:
        return []
    payload = "".join(morphology.escape(_clean(s)) + " " + _SEPARATOR.format(i) + "\n" for i, s in enumerate(sentences))
    out = _pipe(
        [["lt-proc", "-w", str(ENGLISH_ANALYSER)], ["apertium-tagger", "-g", "-p", str(ENGLISH_TAGGER)]], payload
    )
    parts = _SPLIT.split(out)
    chunks, numbers = parts[0:-1:2], parts[1::2]
    if numbers != [str(i) for i in range(len(sentences))]:
        raise MorphologyError(f"apertium-tagger returned {len(numbers)} sentences for {len(sentences)}")
    return [[_word(m.group(1)) for m in _UNIT.finditer(chunk)] for chunk in chunks]


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _clean(text: str) -> str:
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", text)


def _word(unit: str) -> Word:
    surface, _, analysis = unit.partition("/")
    analysis = analysis.split("/")[0].split("+")[0]
    lemma = _unescape(analysis.split("<", 1)[0]).lstrip("*")
    return Word(_unescape(surface), lemma, tuple(_TAGS.findall(analysis)))


def _pipe(commands: list[list[str]], payload: str) -> str:
    """Run a shell-free pipeline of commands on `payload` and return the last one's output."""
    if not available():
        raise MorphologyError("Apertium's English analyser or tagger is not installed")
    data = payload
    for command in commands:
        try:
            proc = subprocess.run(command, input=data, capture_output=True, text=True, timeout=morphology.TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise MorphologyError(f"{command[0]} failed to run: {exc}") from exc
        if proc.returncode != 0:
            raise MorphologyError(f"{command[0]} exited {proc.returncode}: {proc.stderr.strip()[:300]}")
        data = proc.stdout
    return data


def available() -> bool:
    """True when the English analyser, tagger and the bilingual dictionary are installed."""
    files = (ENGLISH_ANALYSER, ENGLISH_TAGGER, BILINGUAL)
    return morphology.available() and bool(shutil.which("apertium-tagger")) and all(Path(p).exists() for p in files)


def passives(words: Sequence[Word]) -> list[Passive]:
    """The passives of one tagged English sentence, in order, each judged event or state."""
    found = []
    for i, word in enumerate(words):
        if word.lemma.lower() != "be" or word.pos != "vbser":
            continue
        j = i + 1
        while j < len(words) and j <= i + 3 and words[j].pos in _SKIPPABLE:
            j += 1
        if j >= len(words) or words[j].pos != "vblex" or "pp" not in words[j].tags:
            continue
        lemma = words[j].lemma.lower()
        if lemma in RAISING and j + 1 < len(words) and words[j + 1].lemma.lower() == "to":
            continue
        state = lemma in STATES or (lemma in RESULTS and bool(_PRESENT & set(word.tags)))
        event = _has_agent(words, j) or not state
        ongoing = not event and "past" in word.tags and not _bounded(words, j)
        found.append(Passive(lemma, event, " ".join(w.surface for w in words[i : j + 1]), ongoing))
    return found


def _has_agent(words: Sequence[Word], participle: int) -> bool:
    """True when "by" + a noun phrase that is neither a time nor a means follows the participle."""
    for k in range(participle + 1, min(participle + 4, len(words))):
        if words[k].lemma.lower() == "by" and words[k].pos == "pr":
            rest = [w for w in words[k + 1 : k + 4] if w.pos not in ("det", "adj", "num")]
            head = rest[0] if rest else None
            return head is not None and head.lemma.lower() not in _NOT_AGENTS and head.pos not in ("sent", "cm")
        if words[k].pos not in _SKIPPABLE and words[k].pos != "pr":
            return False
    return False


_BOUNDING = frozenset({"for", "until", "till", "through", "from", "between", "since"})


def _bounded(words: Sequence[Word], participle: int) -> bool:
    """True when a bounding time follows the participle ("closed for three days", "until Monday")."""
    return any(w.lemma.lower() in _BOUNDING for w in words[participle + 1 : participle + 7])


_BILINGUAL_CACHE: dict[str, set[str]] = {}
# Every form of estar (lt-proc confirms it later): a sentence without one needs no tagging.
_ESTAR = re.compile(r"(?i)\best(?:ar|ando|ado|oy|[aá]s?|[aá]n|amos|áis|uve|uviste|uvo|uvimos|uvisteis|uvieron|"
                    r"aba|abas|ábamos|abais|aban|é|és|én|emos|éis|ar[aá]n?|ar[eé]|aremos|aréis|arás|aría[ns]?|"
                    r"aríamos|uviera[ns]?|uviese[ns]?|uviéramos|uviésemos)\b")


def bilingual(english: set[str]) -> dict[str, set[str]]:
    """The Spanish verbs for English verbs, looked up once per process (a small cache of the dictionary)."""
    todo = sorted(e for e in english if e not in _BILINGUAL_CACHE)
    if todo:
        if len(_BILINGUAL_CACHE) > 10_000:
            _BILINGUAL_CACHE.clear()
        _BILINGUAL_CACHE.update(zip(todo, spanish_lemmas(todo), strict=True))
    return {e: _BILINGUAL_CACHE[e] for e in english}


def spanish_lemmas(english: Sequence[str]) -> list[set[str]]:
    """The Spanish verbs the bilingual dictionary gives for each English verb, in one call."""
    if not english:
        return []
    payload = "".join(f"^{morphology.escape(e)}<vblex>$" + _SEPARATOR.format(i) + "\n" for i, e in enumerate(english))
    out = _pipe([["lt-proc", "-b", str(BILINGUAL)]], payload)
    parts = _SPLIT.split(out)
    chunks, numbers = parts[0:-1:2], parts[1::2]
    if numbers != [str(i) for i in range(len(english))]:
        raise MorphologyError(f"lt-proc -b returned {len(numbers)} entries for {len(english)}")
    lemmas = []
    for chunk in chunks:
        options = _UNIT.search(chunk)
        fields = options.group(1).split("/")[1:] if options else []
        lemmas.append({_unescape(f.split("<", 1)[0]).lower() for f in fields if not f.startswith(("@", "#"))})
    return lemmas


@dataclass(frozen=True)
class Repair:
    """One *estar* made *ser*: the forms and the English passive that asked for it."""

    start: int
    end: int
    old: str
    new: str
    english: str


def repair(
    texts: Sequence[str], sources: Sequence[str], terms: Sequence[Sequence[Term]] | None = None
) -> list[tuple[str, list[dict]]]:
    """Make *estar* + participle *ser* where the English is an event passive; (text, repairs) per text.

    Only the sentences whose Spanish has a form of *estar* are tagged and analysed.
    """
    terms = terms or [[] for _ in texts]
    todo = [i for i, t in enumerate(texts) if _ESTAR.search(t)]
    english = dict(zip(todo, (passives(words) for words in tag([sources[i] for i in todo])), strict=True))
    todo = [i for i in todo if any(p.event or p.ongoing for p in english[i])]
    if not todo:
        return [(t, []) for t in texts]
    spanish_of = bilingual({p.lemma for i in todo for p in english[i]})
    found: list[list] = [[] for _ in texts]
    for i, tokens in zip(todo, morphology.analyse([texts[i] for i in todo]), strict=True):
        protected = [(s, e) for s, e, _ in spans(texts[i], [t.target for t in terms[i]])]
        found[i] = _candidates(tokens, english[i], spanish_of, protected)
    units = [unit for fs in found for _, unit in fs]
    forms = iter(morphology.generate(units))
    out = []
    for text, fs in zip(texts, found, strict=True):
        made: list[Repair] = []
        for ((token, passive), _), form in ((f, next(forms)) for f in fs):
            if form is None:
                continue
            new = form[0].upper() + form[1:] if token.surface[:1].isupper() and _opens(text, token.start) else form
            made.append(Repair(token.start, token.end, token.surface, new, passive.english))
        for r in sorted(made, key=lambda r: r.start, reverse=True):
            text = text[: r.start] + r.new + text[r.end :]
        made.sort(key=lambda r: r.start)
        out.append((text, [{"from": r.old, "to": r.new, "english": r.english} for r in made]))
    return out


def _opens(text: str, start: int) -> bool:
    """True when a word at `start` opens the sentence (engines also capitalise mid-sentence: "Harlow Estuvo")."""
    return not re.search(r"[\w,;]\s*$", text[:start])


def _candidates(
    tokens: Sequence[Token], english: Sequence[Passive], spanish_of: dict[str, set[str]],
    protected: Sequence[tuple[int, int]],
) -> list[tuple[tuple[Token, Passive], str]]:
    """(estar token, passive) pairs to regenerate, with the *ser* unit for each, in text order."""
    pending = list(english)
    out = []
    for i, token in enumerate(tokens):
        estar = next((r for r in token.readings if r.lemma.lower() == "estar" and r.pos == "vblex"), None)
        if estar is None or any(s < token.end and token.start < e for s, e in protected):
            continue
        participle = _participle_after(tokens, i)
        if participle is None:
            continue
        match = next((p for p in pending if participle in spanish_of.get(p.lemma, set())), None)
        if match is None:
            continue
        pending.remove(match)
        tags = "".join(f"<{t}>" for t in estar.tags[1:])
        if match.event:
            out.append(((token, match), f"^ser<vbser>{tags}$"))
        elif match.ongoing and "ifi" in estar.tags:  # "were closed" as a state: "estaban", not "estuvieron"
            out.append(((token, match), f"^estar<vblex>{tags.replace('<ifi>', '<pii>')}$"))
    return out


def _participle_after(tokens: Sequence[Token], i: int) -> str | None:
    """The lemma of the participle that follows an *estar* (adverbs and "no" may come between)."""
    for token in tokens[i + 1 : i + 4]:
        pp = next((r for r in token.readings if r.pos == "vblex" and "pp" in r.tags), None)
        if pp is not None:  # "dirigido a" is read as one unit of "dirigirse": the verb is "dirigir"
            lemma = pp.lemma.lower()
            return lemma[:-2] if "pron" in pp.tags and lemma.endswith("se") else lemma
        if not token.has("adv", "preadv"):
            return None
    return None
