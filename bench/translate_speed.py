"""Argos translation speed: this engine (batched CTranslate2) vs argostranslate.translate.

Builds a base-size random .argosmodel (6 layers, d_model 512, 8 heads, vocab ~8000, int8; see
tests/argos_model.py), installs it in a temporary folder and translates the bundled article's
sentences in separate child processes, one per side, so that load time and memory are each
side's own:

  engine  ArgosEngine.translate_batch over the whole article (beam 2, one intra-thread)
  argos   argostranslate.translate.translate(sentence, "en", "es") sentence by sentence, with
          the library's defaults (beam 4, intra_threads 0 = all cores)
  argos-b2t1  the same with ARGOS_BEAM_SIZE=2 and ARGOS_INTRA_THREADS=1 (settings matched)

A random model never ends a sentence on its own, so every side decodes exactly --length pieces
per sentence (min_decoding_length = max_decoding_length; argostranslate's Translator is wrapped
to pass them). Offline, argostranslate needs ARGOS_CHUNK_TYPE=SPACY with its spaCy cache filled
by hand (a blank English pipeline and an empty senter/model file); all its folders and the XDG
ones point into the temporary folder. Timings are printed, never asserted.

Run: python3 bench/translate_speed.py [--repeat 2] [--length N] [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# --- child processes ------------------------------------------------------------------------------


def memory() -> dict:
    """Current and peak resident set size of this process, in MB."""
    status = Path("/proc/self/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return {k: int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM")}


class Counted:
    """Wraps a ctranslate2.Translator: fixes the output length and counts decoded pieces."""

    def __init__(self, translator, length: int):
        self.translator, self.length = translator, length
        self.examples = self.pieces = 0

    def translate_batch(self, source, *args, **kwargs):
        kwargs.update(min_decoding_length=self.length, max_decoding_length=self.length)
        results = self.translator.translate_batch(source, *args, **kwargs)
        self.examples += len(results)
        self.pieces += sum(len(r.hypotheses[0]) for r in results)
        return results


def run_engine(packages: str, sentences: list[str], length: int, repeat: int) -> dict:
    """This engine: one translate_batch call (chunks of 32) over the whole article."""
    start = time.perf_counter()
    from app.translation.engines.argos import ArgosEngine

    engine = ArgosEngine(packages, beam_size=2, threads=1)
    model = engine.model()
    counted = model.translator = Counted(model.translator, length)
    engine.translate_batch(["Hello."])  # as on the argostranslate side: a first, warm-up call
    load = time.perf_counter() - start
    counted.examples = counted.pieces = 0
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = engine.translate_batch(sentences)
        times.append(time.perf_counter() - start)
    assert len(out) == len(sentences)
    return {
        "load": load,
        "seconds": min(times),
        "examples": counted.examples // repeat,
        "pieces": counted.pieces // repeat,
        "argos_translate_imported": "argostranslate.translate" in sys.modules,
        **memory(),
    }


def run_argos(sentences: list[str], length: int, repeat: int) -> dict:
    """argostranslate.translate, one call per sentence, as an app using the library would."""
    import spacy

    cache = Path(os.environ["XDG_CACHE_HOME"]) / "argos-translate" / "spacy"
    if not (cache / "senter" / "model").exists():  # what cache_spacy() would download
        spacy.blank("en").to_disk(cache)
        (cache / "senter").mkdir(exist_ok=True)
        (cache / "senter" / "model").touch()
    start = time.perf_counter()
    import argostranslate.translate as at

    made = []

    class Translator:  # stands in for ctranslate2.Translator inside argostranslate.translate
        def __new__(cls, *args, **kwargs):
            made.append(Counted(real(*args, **kwargs), length))
            return made[-1]

    real = at.ctranslate2.Translator
    at.ctranslate2 = type("ctranslate2", (), {"Translator": Translator})
    at.translate("Hello.", "en", "es")  # loads the sentencizer and the model
    load = time.perf_counter() - start
    made[0].examples = made[0].pieces = 0
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = [at.translate(s, "en", "es") for s in sentences]
        times.append(time.perf_counter() - start)
    assert len(out) == len(sentences)
    return {
        "load": load,
        "seconds": min(times),
        "examples": made[0].examples // repeat,
        "pieces": made[0].pieces // repeat,
        **memory(),
    }


# --- the parent: build, install, run both sides, print the table ----------------------------------


def sentences_of_article() -> list[str]:
    from tests.support.argos_fixtures import article_sentences

    return article_sentences()


def build(folder: Path, quick: bool) -> tuple[Path, float, float]:
    """Build and unpack the model; returns (packages folder, build seconds, size MB)."""
    from tests.support.argos_model import build_argosmodel

    tiny = {"layers": 2, "d_model": 64, "heads": 2, "vocab_size": 600}
    base = {"layers": 6, "d_model": 512, "heads": 8, "vocab_size": 8000}
    size = tiny if quick else base
    start = time.perf_counter()
    path = build_argosmodel(folder / "download", eos_bias=None, **size)
    seconds = time.perf_counter() - start
    packages = folder / "data" / "argos"
    packages.mkdir(parents=True)
    with zipfile.ZipFile(path) as zf:  # validated installs are tested elsewhere; keep this lean
        zf.extractall(packages)
    return packages, seconds, path.stat().st_size / 1e6


def mean_source_pieces(packages: Path, sentences: list[str]) -> int:
    import sentencepiece as spm

    (model,) = packages.iterdir()
    sp = spm.SentencePieceProcessor(model_file=str(model / "sentencepiece.model"))
    return round(sum(len(sp.encode(s)) for s in sentences) / len(sentences))


def child(side: str, packages: Path, length: int, repeat: int, extra_env: dict) -> dict:
    home = packages.parent / "argos-home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARGOS_", "XDG_"))}
    env.update(
        ARGOS_PACKAGES_DIR=str(packages),
        XDG_DATA_HOME=str(home / "share"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        ARGOS_CHUNK_TYPE="SPACY",
        **extra_env,
    )
    args = [sys.executable, __file__, "--child", side, "--packages", str(packages)]
    args += ["--length", str(length), "--repeat", str(repeat)]
    proc = subprocess.run(args, env=env, capture_output=True, text=True, cwd=ROOT, timeout=1800)
    if proc.returncode:
        sys.exit(f"{side} failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def table(n: int, results: dict[str, dict], length: int) -> str:
    """The markdown table of the three runs."""
    names = {
        "engine": "ArgosEngine.translate_batch (beam 2, 1 thread)",
        "argos": "argostranslate.translate per sentence (defaults: beam 4, all cores)",
        "argos-b2t1": "argostranslate.translate per sentence (beam 2, 1 thread)",
    }
    lines = [
        "| run | sentences/s | pieces/s | decoded pieces | model load (s) | RSS (MB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for side, r in results.items():
        lines.append(
            f"| {names[side]} | {n / r['seconds']:.2f} | {r['pieces'] / r['seconds']:.0f} "
            f"| {r['pieces']} | {r['load']:.2f} | {r['VmRSS']:.0f} (peak {r['VmHWM']:.0f}) |"
        )
    engine = n / results["engine"]["seconds"]
    ratios = [
        f"{engine / (n / results[s]['seconds']):.1f}x vs {s}" for s in results if s != "engine"
    ]
    lines.append("")
    lines.append(
        f"Ratio (a)/(b), sentences/s: {'; '.join(ratios)}. {n} sentences, {length} pieces each."
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="runs per side; the best counts")
    parser.add_argument("--length", type=int, help="pieces per sentence (default: mean source)")
    parser.add_argument("--quick", action="store_true", help="tiny model: check the script works")
    parser.add_argument("--child", choices=["engine", "argos"], help=argparse.SUPPRESS)
    parser.add_argument("--packages", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sentences = sentences_of_article()
    if args.child:
        if args.child == "engine":
            result = run_engine(args.packages, sentences, args.length, args.repeat)
        else:
            result = run_argos(sentences, args.length, args.repeat)
        print(json.dumps(result))
        return

    with tempfile.TemporaryDirectory(prefix="paralelo-bench-") as tmp:
        packages, build_seconds, size = build(Path(tmp), args.quick)
        length = args.length or mean_source_pieces(packages, sentences)
        print(
            f"model: {size:.1f} MB, built in {build_seconds:.1f} s; {len(sentences)} sentences, "
            f"{length} pieces decoded per sentence",
            file=sys.stderr,
        )
        results = {}
        for side, env in (
            ("engine", {}),
            ("argos", {}),
            ("argos-b2t1", {"ARGOS_BEAM_SIZE": "2", "ARGOS_INTRA_THREADS": "1"}),
        ):
            print(f"running {side} ...", file=sys.stderr)
            results[side] = child(side.split("-")[0], packages, length, args.repeat, env)
        assert not results["engine"]["argos_translate_imported"]
    cpu = platform.processor() or platform.machine()
    print(
        f"{dt.date.today().isoformat()}, {os.cpu_count()} cores ({cpu}), Python "
        f"{platform.python_version()}, model {size:.0f} MB int8, best of {args.repeat}\n"
    )
    print(table(len(sentences), results, length))


if __name__ == "__main__":
    main()
