"""The bundled article through LibreTranslate vs the local Argos engine, with the same generated model.

Builds one .argosmodel (the copy model of tests/argos_model.py at base size: 6 layers, d_model 512,
vocab 8000, int8; its decoder copies the source, so both sides decode exactly the same number of
pieces), installs it in the local Argos engine and in a real LibreTranslate server on 127.0.0.1
(tests/libretranslate_support.py: its own venv, offline) and times, best of --repeat:

  translate_batch  the article's sentences, no glossary (what the engine alone costs)
  with glossary    pipeline.enforce_terms: free pass, then re-translation of the sentences that
                   miss terms with those terms protected (what an article costs in Paralelo)

For LibreTranslate it also counts the POST /translate requests per article, on the engine's side
and on the server's (its Prometheus /metrics). The server runs twice: with argostranslate's
defaults (beam 4, all cores for one sentence) and with the local engine's settings (beam 2, one
intra-thread). Timings are printed, never asserted.

Run: python3 bench/libretranslate.py [--repeat 2] [--chunk 50] [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.translation import pipeline  # noqa: E402
from app.translation.engines.argos import ArgosEngine  # noqa: E402
from app.translation.engines.libretranslate import LibreTranslateEngine  # noqa: E402
from tests.support import libretranslate as lt  # noqa: E402
from tests.support.argos_fixtures import article_sentences, article_terms  # noqa: E402
from tests.support.argos_model import build_argosmodel  # noqa: E402


def best(repeat: int, run) -> tuple[float, object]:
    """Fastest wall time of `repeat` calls of run(), and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def measure(label: str, engine, sentences, terms, repeat: int, server: lt.Server | None = None) -> list[dict]:
    """Two rows for one engine: translate_batch alone and with the glossary."""
    engine.translate_batch(sentences[:2])  # warm-up: model load, connection
    rows = []
    for what, run in (
        ("translate_batch", lambda: engine.translate_batch(sentences)),
        ("with glossary", lambda: pipeline.enforce_terms(engine, list(sentences), terms)),
    ):
        sent_before = getattr(engine, "requests", 0)
        served_before = server.translate_requests() if server else 0
        seconds, out = best(repeat, run)
        assert len(out) == len(sentences)
        rows.append({
            "run": f"{label}, {what}",
            "seconds": seconds,
            "rate": len(sentences) / seconds,
            "requests": (getattr(engine, "requests", 0) - sent_before) / repeat if server else 0,
            "served": (server.translate_requests() - served_before) / repeat if server else 0,
        })
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=50, help="sentences per POST /translate")
    parser.add_argument("--quick", action="store_true", help="tiny model: check the script works")
    args = parser.parse_args()
    size = (
        {"layers": 2, "d_model": 64, "heads": 2, "vocab_size": 600}
        if args.quick
        else {"layers": 6, "d_model": 512, "heads": 2, "vocab_size": 8000}
    )
    sentences = article_sentences()
    terms = article_terms(sentences)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="paralelo-bench-lt-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        model = build_argosmodel(root / "model", copy=True, **size)
        back = build_argosmodel(root / "back", from_code="es", to_code="en")
        print(f"model {model.name}: {model.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s")

        packages = root / "argos"
        with zipfile.ZipFile(model) as zf:
            zf.extractall(packages)
        rows += measure("local ArgosEngine (beam 2, 1 thread)", ArgosEngine(str(packages)), sentences, terms,
                        args.repeat)

        venv = lt.venv()
        env = lt.prepare_home(root / "home", [model, back], venv / "bin" / "python")
        for label, extra in (
            ("LibreTranslate, argostranslate defaults (beam 4, all cores)", {}),
            ("LibreTranslate (beam 2, 1 intra-thread)", {"ARGOS_BEAM_SIZE": "2", "ARGOS_INTRA_THREADS": "1"}),
        ):
            folder = root / f"server-{len(rows)}"
            folder.mkdir()
            started = time.perf_counter()
            server = lt.start(venv, {**env, **extra}, folder / "server.log")
            print(f"{label}: server up in {time.perf_counter() - started:.1f} s")
            try:
                engine = LibreTranslateEngine([server.url], chunk=args.chunk)
                rows += measure(label, engine, sentences, terms, args.repeat, server)
            finally:
                server.stop()

    print()
    print(f"{dt.date.today()} {platform.machine()} Python {platform.python_version()}, "
          f"{len(sentences)} sentences, chunk {args.chunk}, best of {args.repeat}")
    print("| run | sentences/s | seconds | POST /translate per article (client / server) |")
    print("|---|---:|---:|---:|")
    for r in rows:
        requests = f"{r['requests']:g} / {r['served']:g}" if r["requests"] else "— (in process)"
        print(f"| {r['run']} | {r['rate']:.2f} | {r['seconds']:.2f} | {requests} |")


if __name__ == "__main__":
    main()
