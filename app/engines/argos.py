"""Argos Translate: installed .argosmodel packages, translated in batches with CTranslate2.

Package management (install, list, the package index) goes through `argostranslate.package`;
translation does not: `argostranslate.translate` imports stanza/spaCy/torch and its sentence
splitters reach for the network, while a package is just a CTranslate2 model plus a
sentencepiece model, which this module drives directly (one `translate_batch` per chunk).

Glossary terms are guaranteed in two steps: each term is first replaced by a placeholder name
the model copies through (then restored with agreement by app.enforce.restore); where a
placeholder is lost, the sentence is decoded again from the original source with the term's
Spanish forced, through `target_prefix`, at the output position that attends to the term.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import socket
import tempfile
import threading
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..enforce import restore
from ..glossary import missing
from .base import Engine, EngineError, Progress, Term

log = logging.getLogger(__name__)

FROM_CODE, TO_CODE = "en", "es"
INSTALL_HINT = (
    "paralelo models install en es (offline: paralelo models install --file FILE.argosmodel)"
)
DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
CHUNK = 32  # sentences per translate_batch call (progress is reported between chunks)
NETWORK_TIMEOUT = 60.0  # seconds; argostranslate opens URLs without a timeout
# Made-up names stand in for terms: the model copies names through. No "_": Argos decoding
# turns it into a space.
PLACEHOLDERS = (
    *("Zorvak", "Quilbex", "Vantrel", "Krozmir", "Yelbrun", "Droxley"),
    *("Wumbrik", "Fexhold", "Jarnox", "Tolvrek", "Brixal", "Snelvik"),
)
# Marks a forced term in decoded output until restore(); private-use characters never come out
# of a model.
_MARK = "\ue000{}\ue001"
_PUNCTUATION = frozenset(".,;:!?)]}»”’'\"…%")

_lock = threading.RLock()  # argostranslate.settings is process-wide state


# --- package management -------------------------------------------------------------------------


@contextlib.contextmanager
def _argos(packages_dir: str | Path) -> Iterator[tuple]:
    """(argostranslate.package, argostranslate.settings) pointed at this app's folders."""
    packages = Path(packages_dir).absolute()
    home = packages.parent / "argos-home"
    xdg = {
        "XDG_DATA_HOME": home / "share",
        "XDG_CONFIG_HOME": home / "config",
        "XDG_CACHE_HOME": home / "cache",
    }
    env = {"ARGOS_PACKAGES_DIR": str(packages), **{k: str(v) for k, v in xdg.items()}}
    with _lock, _environment(env):
        packages.mkdir(parents=True, exist_ok=True)
        # argostranslate.settings reads the environment once, at import, and creates folders
        # under $HOME unless it points elsewhere; the install imports onnxruntime, which writes
        # under XDG_CACHE_HOME. Set only for the duration, so other libraries never see it.
        from argostranslate import package, settings

        # ...and on later calls (another packages_dir, or imported before) re-point its globals.
        settings.data_dir = xdg["XDG_DATA_HOME"] / "argos-translate"
        settings.config_dir = xdg["XDG_CONFIG_HOME"] / "argos-translate"
        settings.cache_dir = xdg["XDG_CACHE_HOME"] / "argos-translate"
        settings.downloads_dir = settings.cache_dir / "downloads"
        settings.settings_file = settings.config_dir / "settings.json"
        settings.local_package_index = settings.data_dir / "index.json"
        settings.package_data_dir = packages
        settings.package_dirs = [packages]
        index = os.environ.get("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
        settings.package_index = index if index.endswith("/") else index + "/"
        settings.remote_package_index = settings.package_index + "index.json"
        for folder in (settings.data_dir, settings.config_dir, settings.downloads_dir):
            folder.mkdir(parents=True, exist_ok=True)
        yield package, settings


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of the block, then put back the old ones."""
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _describe(pkg) -> dict:
    from argostranslate.package import argospm_package_name

    return {
        "name": pkg.code or argospm_package_name(pkg),
        "from_code": pkg.from_code,
        "to_code": pkg.to_code,
        "from_name": pkg.from_name,
        "to_name": pkg.to_name,
        "version": pkg.package_version,
        "argos_version": pkg.argos_version,
        "type": pkg.type,
        "target_prefix": pkg.target_prefix,
        "path": str(pkg.package_path) if getattr(pkg, "package_path", None) else None,
        "links": list(pkg.links),
    }


def list_installed(packages_dir: str | Path) -> list[dict]:
    """The packages installed in packages_dir (folders that are not packages are skipped)."""
    with _argos(packages_dir) as (package, settings):
        found = []
        for folder in sorted(p for p in settings.package_data_dir.iterdir() if p.is_dir()):
            try:
                found.append(_describe(package.Package(folder)))
            except (OSError, ValueError) as exc:
                log.warning("skipping %s: not an Argos package (%s)", folder, exc)
        return found


def find_installed(
    packages_dir: str | Path, from_code: str = FROM_CODE, to_code: str = TO_CODE
) -> dict | None:
    """The newest installed translate package for the pair, or None."""
    pairs = [
        p
        for p in list_installed(packages_dir)
        if (p["from_code"], p["to_code"], p["type"]) == (from_code, to_code, "translate")
    ]
    return max(pairs, key=lambda p: _version_key(p["version"]), default=None)


def _version_key(version: str) -> tuple:
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version), "")
    except InvalidVersion:
        return (0, Version("0"), version)


@contextlib.contextmanager
def _network_timeout() -> Iterator[None]:
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(NETWORK_TIMEOUT)
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)


def _available(package, settings) -> list:
    """Fetch the index (update_package_index hides failures: check the file was rewritten)."""
    index = Path(settings.local_package_index)
    old = index.with_name("index.json.old")
    if index.exists():
        os.replace(index, old)
    with _network_timeout():
        package.update_package_index()
    if not index.exists():
        if old.exists():
            os.replace(old, index)
        raise EngineError(
            f"The Argos package index {settings.remote_package_index} is unreachable. "
            "Offline, install a package file: paralelo models install --file FILE.argosmodel"
        )
    old.unlink(missing_ok=True)
    try:
        return package.get_available_packages()
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        raise EngineError(
            f"The package index {settings.remote_package_index} is not valid: {exc}"
        ) from None


def list_available(packages_dir: str | Path) -> list[dict]:
    """The packages the index offers; EngineError if it is unreachable or invalid."""
    with _argos(packages_dir) as (package, settings):
        return [_describe(p) for p in _available(package, settings)]


def install_from_index(
    packages_dir: str | Path, from_code: str = FROM_CODE, to_code: str = TO_CODE
) -> dict:
    """Download the index's newest package for the pair and install it."""
    with _argos(packages_dir) as (package, settings):
        offers = [
            p
            for p in _available(package, settings)
            if (p.from_code, p.to_code, p.type) == (from_code, to_code, "translate")
        ]
        if not offers:
            raise EngineError(f"The package index has no {from_code} -> {to_code} package.")
        offer = max(offers, key=lambda p: _version_key(p.package_version))
        # download() reuses a cached file of the same name, whatever its version: start clean.
        cached = settings.downloads_dir / (package.argospm_package_name(offer) + ".argosmodel")
        cached.unlink(missing_ok=True)
        try:
            with _network_timeout():
                path = offer.download()
        except Exception as exc:  # argostranslate raises bare Exception on a failed download
            raise EngineError(f"Download of {offer.links or offer} failed: {exc}") from None
        try:
            return install_file(packages_dir, path, from_code, to_code)
        finally:
            Path(path).unlink(missing_ok=True)


def validate_package(
    path: str | Path, from_code: str = FROM_CODE, to_code: str = TO_CODE
) -> tuple[str, dict]:
    """Check a .argosmodel file before anything is installed; returns (top folder, metadata)."""
    path = Path(path)
    if not path.is_file():
        raise EngineError(f"No such file: {path}")
    if not zipfile.is_zipfile(path):
        raise EngineError(
            f"{path.name} is not an Argos package (.argosmodel files are zip archives)."
        )
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if n]
            tops = {n.split("/", 1)[0] for n in names}
            unsafe = [n for n in names if n.startswith("/") or "\\" in n or ".." in n.split("/")]
            if len(tops) != 1 or unsafe or "" in tops:
                raise EngineError(
                    f"{path.name} must hold exactly one top folder; found {sorted(tops)[:5]}"
                )
            top = tops.pop()
            needed = ("metadata.json", "sentencepiece.model", "model/model.bin")
            lacking = [n for n in needed if f"{top}/{n}" not in names]
            if lacking:
                raise EngineError(
                    f"{path.name} is not a complete Argos package: no {', '.join(lacking)}"
                )
            broken = zf.testzip()
            if broken:
                raise EngineError(f"{path.name} is corrupt: {broken} fails its checksum")
            metadata = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
            sp_model = zf.read(f"{top}/sentencepiece.model")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise EngineError(f"{path.name} is corrupt: {exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EngineError(f"{path.name}: metadata.json is not valid JSON ({exc})") from None
    if not isinstance(metadata, dict):
        raise EngineError(f"{path.name}: metadata.json must be a JSON object")
    pair = (metadata.get("from_code"), metadata.get("to_code"))
    if pair != (from_code, to_code):
        raise EngineError(
            f"{path.name} translates {pair[0]} -> {pair[1]}, not {from_code} -> {to_code}"
        )
    if metadata.get("type", "translate") != "translate":
        raise EngineError(f"{path.name} is a {metadata['type']!r} package, not a translation model")
    _check_sentencepiece(sp_model, path.name)
    return top, metadata


def _check_sentencepiece(data: bytes, name: str) -> None:
    import sentencepiece as spm

    try:
        spm.SentencePieceProcessor(model_proto=data)
    except (RuntimeError, OSError, TypeError) as exc:
        raise EngineError(f"{name}: sentencepiece.model cannot be loaded ({exc})") from None


def install_file(
    packages_dir: str | Path, path: str | Path, from_code: str = FROM_CODE, to_code: str = TO_CODE
) -> dict:
    """Validate and install a .argosmodel file, replacing any package for the same pair.

    The file is unpacked by argostranslate into a staging folder and moved into place only
    when complete, so a failure leaves the installed packages as they were.
    """
    top, _metadata = validate_package(path, from_code, to_code)
    with _argos(packages_dir) as (package, settings):
        packages = settings.package_data_dir
        staging_root = packages.parent / "argos-home" / "staging"
        staging_root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix="install-", dir=staging_root))
        try:
            settings.package_data_dir = staging
            try:
                package.install_from_path(Path(path))
            except Exception as exc:  # argostranslate raises bare Exception for bad archives
                raise EngineError(f"Installing {Path(path).name} failed: {exc}") from None
            finally:
                settings.package_data_dir = packages
            try:
                new = package.Package(staging / top)
                replaced = _swap_in(package, packages, staging, new, top)
            except (OSError, ValueError) as exc:
                raise EngineError(f"Installing {Path(path).name} failed: {exc}") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        installed = _describe(package.Package(packages / top))
        installed["replaced"] = replaced
        log.info(
            "installed Argos package %s %s into %s",
            installed["name"],
            installed["version"],
            packages,
        )
        return installed


def _swap_in(package, packages: Path, staging: Path, new, top: str) -> list[str]:
    """Move the staged package into place; packages for its pair are set aside, then dropped."""
    aside = staging / ".replaced"
    aside.mkdir()
    replaced = []
    for folder in sorted(p for p in packages.iterdir() if p.is_dir()):
        try:
            old = package.Package(folder)
        except (OSError, ValueError):
            continue
        if folder.name == top or (old.from_code, old.to_code) == (new.from_code, new.to_code):
            shutil.move(str(folder), str(aside / folder.name))
            replaced.append(f"{folder.name} {old.package_version}")
    try:
        shutil.move(str(staging / top), str(packages / top))
    except OSError:
        for folder in aside.iterdir():  # put the old packages back
            shutil.move(str(folder), str(packages / folder.name))
        raise
    return replaced


# --- translation ----------------------------------------------------------------------------------


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
        raise EngineError(f"The Argos package at {path} is incomplete: {exc}") from None
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
                raise EngineError(f"Cannot load the Argos package at {path}: {exc}") from None
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
    """The installed en->es Argos package, decoded in batches; glossary terms guaranteed."""

    name = "argos"
    label = "Argos Translate"

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
            return find_installed(self.packages_dir)
        except OSError as exc:
            log.warning("cannot read Argos packages in %s: %s", self.packages_dir, exc)
            return None

    def available(self) -> bool:
        return self._package() is not None

    def install_hint(self) -> str:
        return INSTALL_HINT

    @property
    def version(self) -> str:
        pkg = self._package()
        return f"{pkg['name']} {pkg['version']}" if pkg else "not installed"

    def describe(self) -> dict:
        """The base summary plus the installed packages (shown on the engines page)."""
        out = super().describe()
        try:
            out["packages"] = list_installed(self.packages_dir)
        except OSError:
            out["packages"] = []
        return out

    def model(self) -> _Model:
        """The installed en->es package, loaded; EngineError naming the install command if none."""
        pkg = self._package()
        if pkg is None:
            raise EngineError(
                f"No Argos {FROM_CODE}->{TO_CODE} package is installed in {self.packages_dir}. "
                f"Install one: {INSTALL_HINT}"
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
            raise EngineError(f"{len(terms)} term lists for {len(sentences)} sentences")
        out: list[str] = []
        for start in range(0, len(sentences), CHUNK):
            end = start + CHUNK
            out += self._translate_chunk(model, sentences[start:end], terms[start:end])
            if progress:
                progress(len(out), len(sentences))
        return out

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
            sources, target_prefix=prefixes, **self._options(16 + 2 * longest)
        )
        lost = []
        for i, result in zip(todo, results, strict=True):
            out[i] = model.decode(result.hypotheses[0])
            if protected[i]:
                out[i] = restore(out[i], protected[i].placeholders)
            if terms[i] and missing(terms[i], out[i]):  # a placeholder was lost (or none used)
                lost.append(_Forcing(i, *model.encode_spans(sentences[i], terms[i]), terms[i]))
        for forcing in self._force(model, lost):
            out[forcing.index] = forcing.text
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

    def step(self, model: _Model, result, budget: int) -> bool:
        """Take one decoding; force the next missing term. False once none is missing."""
        hypothesis, attention = result.hypotheses[0], result.attention[0]
        self.text = _with_forced(model, hypothesis, self.forced)
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
    model: _Model, hypothesis: Sequence[str], forced: Sequence[tuple[int, int, Term]]
) -> str:
    """Decode a hypothesis with its forced pieces as marks, then restore the terms (agreement)."""
    tokens = list(hypothesis)
    marks: dict[str, Term] = {}
    for n, (position, length, term) in sorted(enumerate(forced), key=lambda x: -x[1][0]):
        mark = _MARK.format(n)
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
