"""Sentence boundaries through the import API: rules passed on Paralelo's own case sets, per segmenter.

For each segmenter (the old hand-written splitter, the current split_sentences, and pySBD and
sentencex alone when installed) the app's splitter is swapped in, every case paragraph is posted to
`POST /api/articles` with a title (the in-process Flask test client, a temporary SQLite database,
no translation run), and the stored paragraph sentences are compared with the expected split. A
case passes when the segment texts match exactly. The bundled article is imported the same way and
compared sentence by sentence with its 37 pinned sentences (tests/test_segment.py). Also prints the
same counts for split_sentences called directly.

Run: python3 bench/segment_rules.py [--verbose]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from segment_speed import splitters  # noqa: E402

from app import create_app
from app.intake import segment  # noqa: E402
from app.web import common  # noqa: E402
from tests.support.segment_cases import CASES  # noqa: E402
from tests.support.segment_heldout import HELDOUT  # noqa: E402
from tests.unit.intake.test_segment import EXPECTED as SEED_EXPECTED  # noqa: E402


def through_api(client, text: str) -> list[str]:
    """The sentences Paralelo stores for a one-paragraph article with this text."""
    resp = client.post("/api/articles", json={"title": "Case", "text": text})
    if resp.status_code != 202:
        return [f"<{resp.status_code}>"]
    article = client.get(f"/api/articles/{resp.get_json()['id']}").get_json()
    return [s["source"] for s in article["segments"] if s["paragraph"] > 0]


def measure(split: Callable[[str], list[str]], folder: str, verbose: bool) -> dict[str, str]:
    """Cases passed (own, held-out) through the API and directly, and seed sentences kept."""
    app = create_app({
        "TESTING": True, "DATA_DIR": folder, "SEED_ON_START": False, "RUN_JOBS": False, "AUTH": "off",
        "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "bench",
    })
    client = app.test_client()
    row = {}
    # only segmentation is measured: imports queue their jobs, nothing translates them
    with mock.patch.object(segment, "split_sentences", split), mock.patch.object(common, "submit", lambda ids: None):
        for name, cases in (("own", CASES), ("held-out", HELDOUT)):
            api = direct = 0
            for category, text, expected in cases:
                got = through_api(client, text)
                api += got == expected
                direct += split(text) == expected
                if verbose and got != expected:
                    print(f"    {name} {category}: {got}")
            row[name] = f"{api} / {len(cases)} ({direct} called directly)"
        seed = (ROOT / "app" / "data" / "cecot-article.txt").read_text("utf-8")
        resp = client.post("/api/articles", json={"text": seed})
        stored = client.get(f"/api/articles/{resp.get_json()['id']}").get_json()["segments"]
        got = {(s["key"], s["source"]) for s in stored}
        pinned = {(key, text) for key, _kind, text in SEED_EXPECTED}
        row["seed"] = f"{len(got & pinned)} / {len(pinned)} kept, {len(stored)} stored"
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    print("| segmenter | own cases passed (API) | held-out passed (API) | bundled article's 37 sentences |")
    print("|---|---|---|---|")
    for name, split in splitters().items():
        if name.startswith("nupunkt"):
            continue
        with tempfile.TemporaryDirectory() as folder:
            if args.verbose:
                print(name)
            row = measure(split, folder, args.verbose)
        print(f"| {name} | {row['own']} | {row['held-out']} | {row['seed']} |")


if __name__ == "__main__":
    main()
