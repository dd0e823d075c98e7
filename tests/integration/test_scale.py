"""Scale-out on one machine: PostgreSQL, Redis, two web processes and two workers on 127.0.0.1.

Articles imported through both web processes are each translated exactly once by the workers
(claims with FOR UPDATE SKIP LOCKED, woken by LISTEN/NOTIFY); a worker killed with -9 in the middle
of an article leaves it to the other, without duplicates; rate limits kept in Redis are shared by
the web processes. Bounded: 41 articles, a few minutes at most.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest
from sqlalchemy import func, select

from app.core import models
from tests.support.servers import (
    ROOT,
    Client,
    create_editor,
    database_url,
    launch,
    redis_server,
    require_apertium,
    server_env,
    stop,
    wait_for,
)

pytestmark = pytest.mark.slow

ARTICLES = 40
IMPORT_LIMIT = 45  # per hour and client address, shared by both web processes through Redis
SMALL = "Article {n}\n\nThe federal judge heard the lawyer. The hearing on case {n} went on for hours."
LONG = "A long article\n\n" + "\n\n".join(
    f"Paragraph {i}: the warden said the prisoners were moved at night, and the lawyer asked for a hearing."
    for i in range(300)
)


@pytest.fixture
def redis_url(tmp_path):
    """A throwaway redis-server on a free loopback port."""
    with redis_server(tmp_path) as (url, _process):
        yield url


def start_worker(env: dict, log) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "app.cli", "worker", "--poll", "0.2"], env=env, cwd=ROOT,
                            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)


def test_two_web_processes_and_two_workers_on_postgresql(tmp_path, redis_url):
    require_apertium()
    db_url = database_url("postgresql", tmp_path)
    env = server_env(tmp_path / "data", db_url)
    env.update(PARALELO_WORKERS="external", PARALELO_RATELIMIT="1", PARALELO_RATELIMIT_STORAGE=redis_url,
               PARALELO_RATELIMIT_IMPORT=f"{IMPORT_LIMIT}/hour", PARALELO_JOB_STALE_SECONDS="3")
    token = create_editor(env)
    webs, workers = [], []
    log = open(tmp_path / "workers.log", "ab")  # noqa: SIM115 - closed in finally
    try:
        for n in range(2):
            webs.append(launch(env, tmp_path / f"web{n}.log"))
        workers = [start_worker(env, log) for _ in range(2)]
        clients = [Client(url, token) for url, _process in webs]
        # a long article first, so that a worker is in the middle of it when it is killed
        status, body = clients[0].request("POST", "/api/articles", {"text": LONG})
        assert status == 202, body
        long_id = body["id"]
        ids = [long_id]
        for n in range(ARTICLES):
            status, body = clients[n % 2].request("POST", "/api/articles", {"text": SMALL.format(n=n)})
            assert status == 202, body
            ids.append(body["id"])
        reader = Client(webs[1][0])
        wait_for(lambda: reader.request("GET", f"/api/articles/{long_id}")[1]["progress"] > 0.1, 120,
                 what="the long article to be under way")
        workers[0].kill()  # kill -9 in the middle of an article
        workers[0].wait(timeout=10)
        workers[0] = start_worker(env, log)  # a replacement comes up, as systemd would restart it

        def all_ready():
            statuses = [reader.request("GET", f"/api/articles/{i}?limit=1")[1]["status"] for i in ids]
            assert "failed" not in statuses
            return all(s == "ready" for s in statuses)

        wait_for(all_ready, 300, 0.5, "every article to be translated")
        # the import limit is shared: both processes together accept IMPORT_LIMIT imports an hour
        accepted = len(ids)
        answers = Counter()
        for n in range(IMPORT_LIMIT + 5 - accepted):
            status, _body = clients[n % 2].request("POST", "/api/articles", {"text": SMALL.format(n=1000 + n)})
            answers[status] += 1
        assert answers[202] == IMPORT_LIMIT - accepted and answers[429] == 5, answers
    finally:
        for process in workers:
            stop(process)
        for _url, process in webs:
            stop(process)
        log.close()
    engine = models.make_engine(db_url)
    try:
        with models.session_factory(engine)() as session:
            per_segment = Counter(dict(session.execute(
                select(models.Translation.segment_id, func.count()).where(models.Translation.origin == "machine")
                .group_by(models.Translation.segment_id)).all()))
            segments = session.scalar(select(func.count(models.Segment.id)).where(models.Segment.article_id.in_(ids)))
            owners = Counter(session.scalars(select(models.Job.owner).where(models.Job.article_id.in_(ids))))
    finally:
        engine.dispose()
    twice = [seg for seg, n in per_segment.items() if n > 1]
    assert not twice, f"{len(twice)} segments translated more than once"
    translated = sum(1 for seg, n in per_segment.items() if n == 1)
    assert translated >= segments
    assert len([o for o in owners if o]) >= 2, f"one worker did everything: {owners}"
