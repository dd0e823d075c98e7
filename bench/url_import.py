"""Import from a URL: extraction results on the fixture pages, and the time from URL to bilingual article.

    python3 bench/url_import.py            # both parts; needs Debian's apertium-eng-spa for the timing
    python3 bench/url_import.py --repeat 5

Part 1 runs app.intake.extract over tests/fixtures/pages and checks each page against the expectations of
tests/test_extract.py (title, author, date, first and last body sentence, boilerplate strings).
Part 2 serves a fixture page on 127.0.0.1 and times POST /api/articles {"url"} until the article is
"ready" with the Apertium engine: fetch + extraction + segmentation + translation + storage, as the
server's background jobs do it, plus each phase on its own.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from app import create_app  # noqa: E402
from app.core.models import Job  # noqa: E402
from app.intake.extract import extract  # noqa: E402
from app.intake.fetch import FetchSettings, fetch  # noqa: E402
from app.translation.engines.apertium import ApertiumEngine  # noqa: E402
from tests.support.page_server import PAGES, serve  # noqa: E402
from tests.unit.intake.test_extract import CASES, COMMON  # noqa: E402


def fixture_table() -> None:
    print("| fixture | title | author | date | first sentence | last sentence | boilerplate leaked |")
    print("|---|---|---|---|---|---|---|")
    for name, want in sorted(CASES.items()):
        page = extract((PAGES / name).read_text("utf-8"))
        paras = [b.text for b in page.article.blocks if b.kind == "paragraph"]
        text = "\n".join([page.article.title, *(b.text for b in page.article.blocks)])
        leaked = [s for s in want["absent"] + COMMON if s in text]

        def ok(flag: bool) -> str:
            return "ok" if flag else "WRONG"

        print(f"| {name} | {ok(page.meta.title == want['title'])} | {ok(page.meta.author == want['author'])} "
              f"| {ok(page.meta.published == want['published'])} | {ok(paras[0].startswith(want['first']))} "
              f"| {ok(paras[-1].endswith(want['last']))} | {len(leaked)} of {len(want['absent']) + len(COMMON)}"
              f"{' (' + ', '.join(leaked) + ')' if leaked else ''} |")


def timing(repeat: int, page: str) -> None:
    engine = ApertiumEngine()
    if not engine.available():
        print("apertium-eng-spa is not installed: no timing")
        return
    with serve() as base, tempfile.TemporaryDirectory() as tmp:
        url = f"{base}/pages/{page}"
        app = create_app({
            "TESTING": True, "DATA_DIR": tmp, "SEED_ON_START": False, "SECRET_KEY": "bench", "AUTH": "off",
            "RATELIMIT_ENABLED": False, "ENGINES": {"apertium": engine}, "ENGINE": "apertium",
            "FETCH_ALLOW_PRIVATE": True,
        })
        client = app.test_client()
        totals, fetches, extracts, translates, fetch_jobs, translate_jobs = [], [], [], [], [], []
        for _ in range(repeat):
            started = time.perf_counter()
            article_id = client.post("/api/articles", json={"url": url}).get_json()["id"]
            while True:
                data = client.get(f"/api/articles/{article_id}").get_json()
                if data["status"] in ("ready", "failed"):
                    break
                time.sleep(0.01)
            totals.append(time.perf_counter() - started)
            assert data["status"] == "ready", data["error"]
            with app.extensions["paralelo.db"]() as session:
                fetch_job, translate_job = session.scalars(
                    select(Job).where(Job.article_id == article_id).order_by(Job.id)).all()
                fetch_jobs.append((fetch_job.finished_at - fetch_job.created_at).total_seconds())
                translate_jobs.append((translate_job.finished_at - translate_job.created_at).total_seconds())
            t = time.perf_counter()
            fetched = fetch(url, FetchSettings(allow_private=True))
            fetches.append(time.perf_counter() - t)
            t = time.perf_counter()
            extracted = extract(fetched.html, fetched.url)
            extracts.append(time.perf_counter() - t)
            sentences = [s["source"] for s in data["segments"]]
            t = time.perf_counter()
            engine.translate_batch(sentences)
            translates.append(time.perf_counter() - t)
        app.extensions["paralelo.jobs"].shutdown()
        print(f"\n{page}: {len(sentences)} sentences, {len(extracted.article.blocks)} blocks, "
              f"{len(fetched.html):,} characters of HTML; median of {repeat} runs")
        print("| step | seconds |")
        print("|---|---|")
        print(f"| URL to ready bilingual article (POST, background fetch job, translation job, poll) "
              f"| {statistics.median(totals):.2f} |")
        print(f"| of which the fetch job (queued to done: fetch, extract, store sentences) "
              f"| {statistics.median(fetch_jobs):.2f} |")
        print(f"| of which the translation job (queued to done: glossary, Apertium, store) "
              f"| {statistics.median(translate_jobs):.2f} |")
        print(f"| fetch alone (127.0.0.1) | {statistics.median(fetches):.3f} |")
        print(f"| extraction alone (trafilatura) | {statistics.median(extracts):.3f} |")
        print(f"| Apertium alone (one batch, no glossary) | {statistics.median(translates):.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--page", default="wire_service.html")
    args = parser.parse_args()
    fixture_table()
    timing(args.repeat, args.page)


if __name__ == "__main__":
    main()
