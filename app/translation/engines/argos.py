"""Argos Translate: installed .argosmodel packages, translated in batches with CTranslate2.

Package management (install, list, the package index) goes through `argostranslate.package`;
translation does not: `argostranslate.translate` imports stanza/spaCy/torch and its sentence
splitters reach for the network, while a package is just a CTranslate2 model plus a
sentencepiece model, which this module drives directly (one `translate_batch` per chunk).

Glossary terms are guaranteed in two steps: each term is first replaced by a placeholder name
the model copies through (then restored with agreement by app.spanish.enforce.restore); where a
placeholder is lost, the sentence is decoded again from the original source with the term's
Spanish forced, through `target_prefix`, at the output position that attends to the term.
"""

from __future__ import annotations

import logging
import math
import secrets
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.core.messages import N_
from app.core.terms import Term, missing
from app.english import enforce as english_enforce
from app.spanish import enforce as spanish_enforce

from .argos_packages import (
    find_installed,
    install_hint,
    list_installed,
)
from .base import Engine, EngineError, Progress, Scored

log = logging.getLogger(__name__)

CHUNK = 32  # sentences per translate_batch call (progress is reported between chunks)
# Made-up names stand in for terms: the model copies names through. No "_": Argos decoding
# turns it into a space.
PLACEHOLDERS = (
    *("Zorvak", "Quilbex", "Vantrel", "Krozmir", "Yelbrun", "Droxley"),
    *("Wumbrik", "Fexhold", "Jarnox", "Tolvrek", "Brixal", "Snelvik"),
)
# Marks a forced term in decoded output until restore(); private-use characters never come out
# of a model, and a random nonce per sentence keeps user text that holds such characters from
# ever matching a mark.
_MARK = "\ue000{nonce}{n}\ue001"
_PUNCTUATION = frozenset(".,;:!?)]}»”’'\"…%")



@dataclass
class _Model:
    """A loaded package: the CTranslate2 translator and the sentencepiece processor."""

    translator: object
    sp: object
    target_prefix: list[str] = field(default_factory=list)

    def encode(self, text: str) -> list[str]:
        """Sentencepiece pieces of text."""
        return self.sp.encode(text, out_type=str)

    def encode_spans(self, text: str, terms: Sequence[Term]) -> tuple[list[str], list[list[int]]]:
        """Pieces of text and, for each term, the indices of the pieces that overlap its span."""
        try:
            proto = self.sp.encode(text, return_type="proto")
        except TypeError:  # sentencepiece before 0.2.1
            proto = self.sp.encode(text, out_type="immutable_proto")
        chars = [0]  # byte offset -> character offset
        for ch in text:
            chars.extend([chars[-1] + 1] * len(ch.encode("utf-8")))
        pieces, spans = [], [[] for _ in terms]
        for i, p in enumerate(proto.pieces):
            pieces.append(p.piece)
            begin, end = chars[min(p.begin, len(chars) - 1)], chars[min(p.end, len(chars) - 1)]
            for k, t in enumerate(terms):
                if begin < t.end and t.start < max(end, begin + 1):
                    spans[k].append(i)
        return pieces, spans

    def decode(self, tokens: Sequence[str]) -> str:
        """Detokenize as argostranslate does: strip the target prefix, "▁" and "_" become spaces."""
        tokens = list(tokens)
        if self.target_prefix and tokens[: len(self.target_prefix)] == self.target_prefix:
            tokens = tokens[len(self.target_prefix) :]
        text = self.sp.decode_pieces(tokens) if tokens else ""
        return text.replace("▁", " ").replace("_", " ").strip()


_models: dict[tuple, _Model] = {}
_models_lock = threading.Lock()


def load_model(package_path: str | Path, threads: int = 1, target_prefix: str = "") -> _Model:
    """The package's translator and tokenizer, loaded once per process (again if reinstalled)."""
    path = Path(package_path)
    try:
        stat = (path / "model" / "model.bin").stat()
    except OSError as exc:
        raise EngineError(
            N_("The Argos package at %(path)s is incomplete: %(error)s"), path=str(path), error=str(exc)
        ) from None
    key = (str(path), stat.st_ino, stat.st_mtime_ns, threads)  # a reinstall is a new file
    with _models_lock:
        model = _models.get(key)
        if model is None:
            import ctranslate2
            import sentencepiece as spm

            try:
                translator = ctranslate2.Translator(
                    str(path / "model"), device="cpu", inter_threads=1, intra_threads=threads
                )
                sp = spm.SentencePieceProcessor(model_file=str(path / "sentencepiece.model"))
            except (RuntimeError, ValueError, OSError) as exc:
                raise EngineError(
                    N_("Cannot load the Argos package at %(path)s: %(error)s"), path=str(path), error=str(exc)
                ) from None
            model = _Model(translator, sp, [target_prefix] if target_prefix else [])
            for old in [k for k in _models if k[0] == key[0]]:
                del _models[old]
            _models[key] = model
        return model


@dataclass
class _Protected:
    """A sentence with its terms replaced by placeholders."""

    text: str
    placeholders: dict[str, Term]


def protect(sentence: str, terms: Sequence[Term]) -> _Protected | None:
    """Replace each term span by a placeholder name; None if there are not enough names."""
    free = [p for p in PLACEHOLDERS if p.casefold() not in sentence.casefold()]
    ordered = sorted(terms, key=lambda t: t.start)
    if len(ordered) > len(free):
        return None
    pieces, placeholders, pos = [], {}, 0
    for term, name in zip(ordered, free, strict=False):
        if term.start < pos:
            return None  # overlapping terms: force them instead
        pieces += [sentence[pos : term.start], name]
        placeholders[name] = term
        pos = term.end
    pieces.append(sentence[pos:])
    return _Protected("".join(pieces), placeholders)


class ArgosEngine(Engine):
    """The installed Argos package for the pair (en->es, or es->en from for_pair), decoded in batches;
    glossary terms guaranteed."""

    name = "argos"
    label = N_("Argos Translate")

    def __init__(self, packages_dir: str, beam_size: int = 2, threads: int = 1):
        self.packages_dir = packages_dir
        self.beam_size = beam_size
        self.threads = threads
        self.use_placeholders = True  # tests switch it off to exercise forcing alone
        self.decode_options: dict = {}  # extra translate_batch options (the benchmark's)
        # sentences, placeholder_sentences (terms restored), forced_sentences, forced_terms
        self.stats: Counter[str] = Counter()

    def _package(self) -> dict | None:
        try:
            return find_installed(self.packages_dir, self.source, self.target)
        except OSError as exc:
            log.warning("cannot read Argos packages in %s: %s", self.packages_dir, exc)
            return None

    def available(self) -> bool:
        return self._package() is not None

    def install_hint(self) -> str:
        return install_hint(self.source, self.target)

    def restore(self, text: str, placeholders: dict) -> str:
        """Placeholders or marks back to terms, with the target language's agreement or articles."""
        return (english_enforce if self.target == "en" else spanish_enforce).restore(text, placeholders)

    @property
    def version(self) -> str | None:
        """The installed package's name and version; None when there is none."""
        pkg = self._package()
        return f"{pkg['name']} {pkg['version']}" if pkg else None

    def describe(self) -> dict:
        """The base summary plus the installed packages (shown on the engines page)."""
        out = super().describe()
        try:
            out["packages"] = list_installed(self.packages_dir)
        except OSError:
            out["packages"] = []
        return out

    def model(self) -> _Model:
        """The installed package for the pair, loaded; EngineError naming the install command if none."""
        pkg = self._package()
        if pkg is None:
            raise EngineError(
                N_("No Argos %(source)s->%(target)s package is installed in %(folder)s. Install one: %(hint)s"),
                source=self.source, target=self.target, folder=self.packages_dir, hint=self.install_hint(),
            )
        return load_model(pkg["path"], self.threads, pkg["target_prefix"])

    def translate_batch(
        self,
        sentences: Sequence[str],
        terms: Sequence[Sequence[Term]] | None = None,
        progress: Progress | None = None,
    ) -> list[str]:
        """Translate sentences 1:1 in chunks of CHUNK, every term's Spanish guaranteed."""
        if not sentences:
            return []
        model = self.model()
        terms = list(terms) if terms is not None else [[] for _ in sentences]
        if len(terms) != len(sentences):
            raise EngineError(
                N_("%(terms)s term lists for %(sentences)s sentences"), terms=len(terms), sentences=len(sentences)
            )
        out: list[str] = []
        for start in range(0, len(sentences), CHUNK):
            end = start + CHUNK
            out += self._translate_chunk(model, sentences[start:end], terms[start:end])
            if progress:
                progress(len(out), len(sentences))
        return out

    def alternatives(self, sentence: str, n: int = 3) -> list[dict]:
        """The n best translations of the sentence (CTranslate2 num_hypotheses), no glossary applied."""
        model = self.model()
        source = model.encode(sentence)
        if not source:
            return []
        prefix = [list(model.target_prefix)] if model.target_prefix else None
        options = {**self._options(16 + 2 * len(source)), "beam_size": max(n, self.beam_size), "num_hypotheses": n}
        [result] = model.translator.translate_batch([source], target_prefix=prefix, **options)
        texts = [model.decode(h) for h in result.hypotheses]
        return [{"text": t} for t in dict.fromkeys(t for t in texts if t)]

    def _options(self, max_length: int) -> dict:
        options = {
            "beam_size": self.beam_size,
            "max_decoding_length": max_length,
            "replace_unknowns": True,  # as argostranslate does
        }
        return {**options, **self.decode_options}

    def _translate_chunk(
        self, model: _Model, sentences: Sequence[str], terms: Sequence[Sequence[Term]]
    ) -> list[str]:
        protected = [
            protect(s, t) if self.use_placeholders and t else None
            for s, t in zip(sentences, terms, strict=True)
        ]
        texts = [p.text if p else s for s, p in zip(sentences, protected, strict=True)]
        todo = [i for i, text in enumerate(texts) if text.strip()]
        out = ["" for _ in sentences]
        if not todo:
            return out
        sources = [model.encode(texts[i]) for i in todo]
        prefixes = [list(model.target_prefix) for _ in todo] if model.target_prefix else None
        longest = max(len(s) for s in sources)
        results = model.translator.translate_batch(
            sources, target_prefix=prefixes, return_scores=True, **self._options(16 + 2 * longest)
        )
        lost = []
        scores = {}
        for i, result in zip(todo, results, strict=True):
            out[i] = model.decode(result.hypotheses[0])
            if result.scores:  # the mean log-probability per piece, as a probability: the review queue's order
                scores[i] = math.exp(result.scores[0] / max(len(result.hypotheses[0]), 1))
            if protected[i]:
                out[i] = self.restore(out[i], protected[i].placeholders)
            if terms[i] and missing(terms[i], out[i]):  # a placeholder was lost (or none used)
                lost.append(_Forcing(i, *model.encode_spans(sentences[i], terms[i]), terms[i], restore=self.restore))
        for forcing in self._force(model, lost):
            out[forcing.index] = forcing.text
        for i, confidence in scores.items():
            out[i] = Scored(out[i], round(confidence, 4))
        kept = sum(1 for i in todo if protected[i]) - sum(1 for f in lost if protected[f.index])
        forced_terms = sum(len(f.forced) for f in lost)
        self.stats.update(
            sentences=len(sentences),
            placeholder_sentences=kept,
            forced_sentences=len(lost),
            forced_terms=forced_terms,
        )
        log.debug(
            "argos: %d sentences, %d with placeholders kept, %d forced (%d terms)",
            len(sentences),
            kept,
            len(lost),
            forced_terms,
        )
        return out

    def _force(self, model: _Model, todo: list[_Forcing]) -> list[_Forcing]:
        """Decode again, forcing each missing term at the output position attending to it.

        Each round forces one more term per sentence and keeps earlier ones in the prefix, so
        after at most len(terms) rounds every term is in the output; a last round only checks.
        The sentences of a chunk go through each round together, in one batch.
        """
        active = list(todo)
        for f in todo:
            f.prefix = list(model.target_prefix)
            f.pieces = [model.encode(t.target) or ["▁"] for t in f.terms]
        # One output budget for every round: the prefix never outgrows it, so a model that
        # attends to a term late cannot make each round longer than the last.
        budget = (
            len(model.target_prefix)
            + max(16 + 2 * len(f.source) + sum(map(len, f.pieces)) for f in todo)
            if todo
            else 0
        )
        for _ in range(max((len(f.terms) for f in todo), default=0) + 1):
            if not active:
                break
            results = model.translator.translate_batch(
                [f.source for f in active],
                target_prefix=[f.prefix or None for f in active],
                return_attention=True,
                **self._options(budget),
            )
            active = [f for f, r in zip(active, results, strict=True) if f.step(model, r, budget)]
        return todo


@dataclass
class _Forcing:
    """One sentence whose terms are being forced: its source pieces and the prefix so far."""

    index: int
    source: list[str]
    spans: list[list[int]]  # per term, the source pieces it covers
    terms: Sequence[Term]
    prefix: list[str] = field(default_factory=list)
    pieces: list[list[str]] = field(default_factory=list)  # per term, its Spanish as pieces
    forced: list[tuple[int, int, Term]] = field(default_factory=list)  # (position, pieces, term)
    done: set[int] = field(default_factory=set)
    text: str = ""
    restore: object = spanish_enforce.restore  # the target language's (ArgosEngine.restore)

    def step(self, model: _Model, result, budget: int) -> bool:
        """Take one decoding; force the next missing term. False once none is missing."""
        hypothesis, attention = result.hypotheses[0], result.attention[0]
        self.text = _with_forced(model, hypothesis, self.forced, self.restore)
        lacking = {id(t) for t in missing(self.terms, self.text)}
        pending = [k for k, t in enumerate(self.terms) if k not in self.done and id(t) in lacking]
        if not pending:
            return False
        # leave room in the budget for every term still to force
        room = budget - sum(len(p) for k, p in enumerate(self.pieces) if k not in self.done)
        start = len(self.prefix)
        position, k = min(
            (_attended(hypothesis, attention, self.spans[k], start, room), k) for k in pending
        )
        self.prefix = list(hypothesis[:position]) + self.pieces[k]
        self.forced.append((position, len(self.pieces[k]), self.terms[k]))
        self.done.add(k)
        return True


def _attended(
    hypothesis: Sequence[str],
    attention: Sequence[Sequence[float]],
    span: Sequence[int],
    start: int,
    limit: int,
) -> int:
    """The start of the output word, in [start, limit], whose attention peaks on the span."""
    positions = range(start, min(len(hypothesis), len(attention), limit + 1))
    if not span or not positions:
        return max(start, min(len(hypothesis), limit))
    best = max(positions, key=lambda p: sum(attention[p][j] for j in span if j < len(attention[p])))
    while best > start and not hypothesis[best].startswith("▁"):
        best -= 1  # never split a word
    return best


def _with_forced(
    model: _Model, hypothesis: Sequence[str], forced: Sequence[tuple[int, int, Term]], restore=spanish_enforce.restore
) -> str:
    """Decode a hypothesis with its forced pieces as marks, then restore the terms (agreement)."""
    tokens = list(hypothesis)
    marks: dict[str, Term] = {}
    nonce = secrets.token_hex(4) + "x"
    for n, (position, length, term) in sorted(enumerate(forced), key=lambda x: -x[1][0]):
        mark = _MARK.format(nonce=nonce, n=n)
        following = tokens[position + length : position + length + 1]
        # the model may continue mid-word after the term: keep the term a word of its own
        glued = (
            following
            and not following[0].startswith("▁")
            and not _PUNCTUATION.issuperset(following[0])
        )
        tokens[position : position + length] = ["▁" + mark + ("▁" if glued else "")]
        marks[mark] = term
    return restore(model.decode(tokens), marks)
