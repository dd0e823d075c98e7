"""kill -9 in the middle of a translation: on restart the job resumes where its last chunk committed.

Nothing is translated twice, no sentence is lost or doubled, and a human post-edit saved before the
crash is still the current translation afterwards.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from app.core import models
from app.intake import parse, segment
from app.translation.memory import TM_ENGINE
from tests.support.paths import SEED
from tests.support.servers import (
    BACKENDS,
    Client,
    current_version,
    database_url,
    require_apertium,
    restart,
    start_server,
    stop,
    wait_article,
    wait_for,
)

COPIES = 8  # 8 x 37 sentences: about ten chunks of 32, several seconds of Apertium
POSTEDIT = "Texto revisado a mano antes del corte, que ninguna máquina debe tocar."
KILL_AFTER = 0.25  # kill once a quarter is stored, so that the resumed job has most still to do


def long_article(copies: int = COPIES) -> tuple[str, str]:
    """(title, text): the bundled article's body several times over, each copy under its own heading."""
    body = SEED.read_text("utf-8")
    parts = [f"Part {n}: the mega-prison explainer, again\n\n{body}" for n in range(1, copies + 1)]
    return f"Crash test: the CECOT explainer, {copies} times", "\n\n".join(parts)


def sentence_count(text: str, title: str | None = None) -> int:
    """How many segments the importer makes of this text (the same parser and splitter)."""
    parsed = parse.parse(text, title)
    return len(segment.segment(parsed.blocks, parsed.title, parsed.byline))


@dataclass
class Crash:
    """What happened around the kill, and what the database holds once the restarted server is done."""

    backend: str
    killed_at: float
    lowest_after: float | None
    postedit: tuple[int, int]  # segment, translation id
    long_id: int
    found: dict


@pytest.fixture(scope="module", params=BACKENDS)
def crash(request, tmp_path_factory) -> Crash:
    """Seed article translated and post-edited; long article part-translated; kill -9; restart; finish."""
    require_apertium()
    tmp_path = tmp_path_factory.mktemp(f"crash-{request.param}")
    db_url = database_url(request.param, tmp_path)
    started = time.monotonic()
    server = start_server(tmp_path, db_url, seed=True)
    try:
        reader, editor = Client(server.base_url), Client(server.base_url, server.token)
        seeded = wait_for(lambda: reader.request("GET", "/api/articles")[1]["articles"], 30, what="the seed article")
        seed = wait_article(reader, seeded[0]["id"], timeout=120)
        target = seed["segments"][5]
        path = f"/api/articles/{seed['id']}/segments/{target['id']}"
        status, history = reader.request("GET", f"{path}/history")
        assert status == 200
        status, saved = editor.request("PUT", path, {"text": POSTEDIT, "version": current_version(history)})
        assert status == 200 and saved["origin"] == "human", (status, saved)

        title, text = long_article()
        status, created = editor.request("POST", "/api/articles", {"title": title, "text": text})
        assert status == 202, (status, created)
        long_id = created["id"]

        def mid_translation():
            status, article = reader.request("GET", f"/api/articles/{long_id}")
            assert status == 200 and article["status"] != "ready", "translated before it could be killed"
            busy = article["status"] == "translating" and KILL_AFTER <= article["progress"] < 1
            return article if busy else None

        killed_at = wait_for(mid_translation, 120, 0.01, "the long article to be part-translated")["progress"]
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=10)
        reader.close()
        editor.close()

        server = restart(server)
        reader = Client(server.base_url)
        lowest = resumed_progress(reader, long_id)
        final = wait_article(reader, long_id, timeout=120)
        assert final["progress"] == 1.0
        reader.close()
    finally:
        stop(server.process)

    found = check_database(db_url, {seed["id"]: sentence_count(SEED.read_text("utf-8")),
                                    long_id: sentence_count(text, title)})
    print(
        f"\ncrash: killed at progress {killed_at:.3f}, resumed, "
        f"segments {found['segments'][long_id]}, duplicates {found['duplicates']} ({request.param})"
        f"\n  lowest progress shown after the restart {lowest}; jobs {dict(found['jobs'])}; "
        f"{time.monotonic() - started:.1f} s"
    )
    return Crash(request.param, killed_at, lowest, (target["id"], saved["version"]), long_id, found)


def test_segment_rows_match_the_parsed_sentences(crash):
    assert crash.found["segments"] == crash.found["expected"]


def test_every_segment_has_exactly_one_current_translation(crash):
    assert not crash.found["not_one_current"]


def test_no_sentence_is_translated_twice_or_skipped(crash):
    assert crash.found["duplicates"] == 0, f"translated twice: {crash.found['doubled'][:20]}"
    assert not crash.found["untranslated"], f"never translated: {crash.found['untranslated'][:20]}"


def test_the_postedit_is_still_current_and_unchanged(crash):
    seg_id, version = crash.postedit
    edit = crash.found["translations"][version]
    assert (edit.segment_id, edit.text, edit.origin, edit.current, edit.stale) == (
        seg_id, POSTEDIT, "human", True, False)
    assert crash.found["current_of"][seg_id] == version


def test_no_job_is_left_queued_running_or_failed(crash):
    assert set(crash.found["jobs"]) == {"done"}, dict(crash.found["jobs"])


def test_progress_does_not_go_back_after_the_restart(crash):
    assert crash.lowest_after is not None and crash.lowest_after >= crash.killed_at, (
        f"killed at {crash.killed_at:.3f}, then showed {crash.lowest_after}")


def resumed_progress(reader: Client, article_id: int, timeout: float = 120) -> float | None:
    """The lowest progress the article shows while the restarted server translates it (None: not seen)."""
    lowest = None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, article = reader.request("GET", f"/api/articles/{article_id}")
        assert status == 200, (status, article)
        if article["status"] == "translating":
            lowest = article["progress"] if lowest is None else min(lowest, article["progress"])
        elif article["status"] in ("ready", "failed"):
            break
        time.sleep(0.02)
    return lowest


def check_database(db_url: str, expected: dict[int, int]) -> dict:
    """Segments, translations and jobs as the database holds them after the restart."""
    engine = models.make_engine(db_url)
    try:
        with models.session_factory(engine)() as session:
            segments = dict(session.execute(
                select(models.Segment.article_id, func.count()).group_by(models.Segment.article_id)
            ).all())
            every_segment = list(session.scalars(select(models.Segment.id)))
            rows = list(session.scalars(select(models.Translation)))
            jobs = Counter(session.scalars(select(models.Job.status)))
    finally:
        engine.dispose()
    current = Counter(t.segment_id for t in rows if t.current)
    machine = Counter(t.segment_id for t in rows if t.origin in ("machine", "template"))  # template: byline
    # the post-edit saved before the crash is in the translation memory: later copies of the same
    # sentence are filled from it (human text, engine "tm") instead of going to the engine
    from_memory = {t.segment_id for t in rows if t.engine == TM_ENGINE}
    doubled = sorted(s for s, n in machine.items() if n > 1)
    return {
        "expected": expected,
        "segments": {a: segments.get(a, 0) for a in expected},
        "not_one_current": sorted(s for s in every_segment if current.get(s) != 1),
        "untranslated": sorted(s for s in every_segment if not machine.get(s) and s not in from_memory),
        "duplicates": len(doubled),
        "doubled": doubled,
        "translations": {t.id: t for t in rows},
        "current_of": {t.segment_id: t.id for t in rows if t.current},
        "jobs": jobs,
    }



@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    require_apertium()
    return database_url(request.param, tmp_path)


def test_a_second_server_starting_does_not_run_the_same_job_again(tmp_path, db_url):
    """Two processes on one database, the second started while the first translates."""
    server = start_server(tmp_path, db_url)
    second = None
    try:
        reader, editor = Client(server.base_url), Client(server.base_url, server.token)
        title, text = long_article(2 * COPIES)  # long enough to still be translating when the second is up
        status, created = editor.request("POST", "/api/articles", {"title": title, "text": text})
        assert status == 202, (status, created)

        def started():
            article = reader.request("GET", f"/api/articles/{created['id']}")[1]
            assert article["status"] != "ready", "translated before the second process started"
            return article["status"] == "translating" and 0 < article["progress"] < 1

        wait_for(started, 120, 0.01, "the article to be part-translated")
        second = restart(server)  # a second process on the same data, while the first one runs
        wait_article(reader, created["id"], timeout=180)
        reader.close()
        editor.close()
    finally:
        stop(server.process)
        if second is not None:
            stop(second.process)
    found = check_database(db_url, {created["id"]: sentence_count(text, title)})
    assert found["duplicates"] == 0, f"{found['duplicates']} sentences translated twice by one job"
