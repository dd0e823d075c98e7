"""Many editors at once against a real server: version checks turn races into 409s, never lost writes.

20 threads each make 50 glossary edits and 50 post-edits on a few shared entries and sentences, so
that conflicts really happen (while glossary edits queue re-translation jobs in the background).
The database must then hold exactly the accepted writes, and nothing else.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select

from app.core import models
from tests.support.servers import (
    BACKENDS,
    EDITOR,
    Client,
    current_version,
    database_url,
    require_apertium,
    running_server,
    wait_article,
)

THREADS = 20
EDITS = 50  # glossary edits per thread, and as many post-edits
DEADLINE = 240  # seconds for all threads, however slow the database
# Shared by every thread: few enough that edits collide. All occur in the article, so each accepted
# glossary edit queues a re-translation job that races the post-edits on the same sentences.
TERMS = ("federal judge", "due process", "lawyer", "hearing")
ARTICLE = """Edits in the courts

A federal judge ordered a hearing on the deportation flights.

The lawyer said due process was ignored.

Officials did not answer questions on Sunday.

The hearing lasted two hours, and a lawyer for the families asked for more time.
"""
SEGMENTS = 4  # the article's body sentences: the shared post-edit targets
ATTEMPTED = THREADS * EDITS * 2


@dataclass
class Tally:
    """What one thread saw: accepted writes, conflicts, and every request that was neither."""

    glossary: list[tuple[int, int, int, str]] = field(default_factory=list)  # entry, base, version, target
    postedits: list[tuple[int, int, int, str]] = field(default_factory=list)  # segment, base, version, text
    conflicts: Counter = field(default_factory=Counter)
    requests: Counter = field(default_factory=Counter)
    others: list[str] = field(default_factory=list)


class Editor(threading.Thread):
    """One editor: glossary edits and post-edits in a random order, re-reading after each 409."""

    def __init__(self, n, client: Client, article_id, versions: dict, seg_versions: dict, barrier):
        super().__init__(name=f"editor-{n}", daemon=True)
        self.n, self.client, self.article_id, self.barrier = n, client, article_id, barrier
        self.versions, self.seg_versions = dict(versions), dict(seg_versions)
        self.entries, self.segments = sorted(versions), sorted(seg_versions)
        self.tally = Tally()
        self.error: BaseException | None = None

    def call(self, method: str, path: str, body: dict | None = None, ok=(200,)) -> tuple[int, dict | None]:
        try:
            send = self.client.request if method == "GET" else self.client.write
            status, data = send(method, path, body)
        except Exception as exc:  # a transport error or timeout is a finding, not a crash of the test
            status, data = 0, {"error": repr(exc)}
        self.tally.requests[(method, status)] += 1
        if status not in ok:
            self.tally.others.append(f"{method} {path} -> {status} {str(data)[:200]}")
        return status, data

    def read_entry(self, entry_id: int, fallback: int) -> int:
        status, data = self.call("GET", f"/api/glossary/{entry_id}")
        return data["version"] if status == 200 else fallback

    def read_segment(self, seg_id: int, fallback: int) -> int:
        status, data = self.call("GET", f"/api/articles/{self.article_id}/segments/{seg_id}/history")
        return current_version(data) if status == 200 else fallback

    def run(self) -> None:
        try:
            rng = random.Random(self.n)
            ops = ["glossary"] * EDITS + ["postedit"] * EDITS
            rng.shuffle(ops)
            self.barrier.wait(timeout=60)
            for i, op in enumerate(ops):
                if op == "glossary":
                    self.edit_entry(rng.choice(self.entries), i)
                else:
                    self.edit_segment(rng.choice(self.segments), i)
        except BaseException as exc:  # reported by the fixture, not lost in a thread
            self.error = exc
        finally:
            self.client.close()

    def edit_entry(self, entry_id: int, i: int) -> None:
        base, target = self.versions[entry_id], f"término {self.n}-{i}"
        status, data = self.call("PATCH", f"/api/glossary/{entry_id}", {"target": target, "version": base},
                                 ok=(200, 409))
        if status == 200:
            version = data["entry"]["version"]
            self.tally.glossary.append((entry_id, base, version, target))
            self.versions[entry_id] = version
        elif status == 409:
            self.tally.conflicts["glossary"] += 1
            # the 409 carries `current`, so the editor can go on even without a re-read
            self.versions[entry_id] = self.read_entry(entry_id, data["current"]["version"])

    def edit_segment(self, seg_id: int, i: int) -> None:
        base, text = self.seg_versions[seg_id], f"Traducción revisada {self.n}-{i} por el editor."
        status, data = self.call("PUT", f"/api/articles/{self.article_id}/segments/{seg_id}",
                                 {"text": text, "version": base}, ok=(200, 409))
        if status == 200:
            self.tally.postedits.append((seg_id, base, data["version"], text))
            self.seg_versions[seg_id] = data["version"]
        elif status == 409:
            self.tally.conflicts["postedit"] += 1
            self.seg_versions[seg_id] = self.read_segment(seg_id, data["current"]["version"])


def setup_data(server) -> tuple[int, dict[int, dict], dict[int, int]]:
    """Import the article; (article id, shared entries by id, shared segments' versions by id)."""
    status, body = Client(server.base_url, server.token).request("POST", "/api/articles", {"text": ARTICLE})
    assert status == 202, (status, body)
    reader = Client(server.base_url)  # anonymous reads, as readers make them
    article = wait_article(reader, body["id"], timeout=60)
    segments = [s["id"] for s in article["segments"] if s["kind"] != "title"]
    assert len(segments) == SEGMENTS
    versions = {}
    for seg_id in segments:
        status, history = reader.request("GET", f"/api/articles/{article['id']}/segments/{seg_id}/history")
        assert status == 200
        versions[seg_id] = current_version(history)
    entries = {}
    for term in TERMS:
        status, found = reader.request("GET", f"/api/glossary?q={term.replace(' ', '%20')}")
        assert status == 200
        entries.update({e["id"]: e for e in found["entries"] if e["source"] == term})
    assert len(entries) == len(TERMS), f"bundled glossary lacks one of {TERMS}"
    reader.close()
    return article["id"], entries, versions


@dataclass
class Run:
    """One load run against a server: what the editors saw and what the database holds after."""

    backend: str
    tally: Tally
    found: dict
    segment_ids: list[int]
    entry_ids: list[int]
    seconds: float
    load_seconds: float
    backlog: int | None

    def writes(self) -> list[str]:
        return [o for o in self.tally.others if not o.startswith("GET")]

    def reads(self) -> list[str]:
        return [o for o in self.tally.others if o.startswith("GET")]


@pytest.fixture(scope="module", params=BACKENDS)
def run(request, tmp_path_factory) -> Run:
    """Start a server on a fresh database, let 20 editors loose on it, stop it, read the database."""
    require_apertium()
    tmp_path = tmp_path_factory.mktemp(f"concurrency-{request.param}")
    db_url = database_url(request.param, tmp_path)
    started = time.monotonic()
    with running_server(tmp_path, db_url) as server:
        article_id, initial, seg_versions = setup_data(server)
        entry_ids, segment_ids = sorted(initial), sorted(seg_versions)
        versions = {e: initial[e]["version"] for e in entry_ids}
        barrier = threading.Barrier(THREADS)
        editors = [Editor(n, Client(server.base_url, server.token), article_id, versions, seg_versions, barrier)
                   for n in range(THREADS)]
        load_started = time.monotonic()
        for editor in editors:
            editor.start()
        for editor in editors:
            editor.join(timeout=max(0.1, DEADLINE - (time.monotonic() - started)))
        stuck = [e.name for e in editors if e.is_alive()]
        assert not stuck, f"threads still running after {DEADLINE} s (deadlock or stuck requests): {stuck}"
        load_seconds = time.monotonic() - load_started
        crashed = [f"{e.name}: {e.error!r}" for e in editors if e.error]
        assert not crashed, f"editor threads crashed: {crashed}"
        status, after = Client(server.base_url).request("GET", f"/api/articles/{article_id}")
        backlog = after["pending_jobs"] if status == 200 else None
    # SIGTERM ends the process at once: re-translation jobs still queued stay queued, which is fine here.

    tally = Tally()
    for editor in editors:
        t = editor.tally
        tally.glossary += t.glossary
        tally.postedits += t.postedits
        tally.conflicts.update(t.conflicts)
        tally.requests.update(t.requests)
        tally.others += t.others
    found = check_database(db_url, article_id, initial, tally)
    result = Run(
        request.param, tally, found, segment_ids, entry_ids, time.monotonic() - started, load_seconds, backlog
    )
    accepted = len(tally.glossary) + len(tally.postedits)
    print(
        f"\nconcurrency {result.backend}: attempted {ATTEMPTED}, accepted {accepted}, "
        f"conflicts {sum(tally.conflicts.values())}, lost {len(found['lost'])}"
        f"\n  glossary: accepted {len(tally.glossary)}, conflicts {tally.conflicts['glossary']}; "
        f"post-edits: accepted {len(tally.postedits)}, conflicts {tally.conflicts['postedit']}; "
        f"requests {sum(tally.requests.values())} {dict(sorted(tally.requests.items()))}; "
        f"jobs {dict(found['jobs'])}, backlog at stop {backlog}; "
        f"load {result.load_seconds:.1f} s, total {result.seconds:.1f} s"
    )
    return result


def describe(others: list[str]) -> str:
    statuses = Counter(o.split(" -> ")[1].split()[0] for o in others)
    return f"{len(others)} requests answered otherwise ({dict(statuses)}):\n" + "\n".join(others[:20])


def test_every_accepted_write_is_stored_and_nothing_else(run):
    assert not run.found["lost"], "lost or inconsistent writes:\n" + "\n".join(run.found["lost"][:30])


def test_edits_really_collided(run):
    tally = run.tally
    assert tally.conflicts["glossary"] and tally.conflicts["postedit"], "no conflicts: edits did not collide"
    assert {e for e, *_ in tally.glossary} == set(run.entry_ids)
    assert {s for s, *_ in tally.postedits} == set(run.segment_ids)


def test_every_write_answers_200_or_409(run):
    accepted = len(run.tally.glossary) + len(run.tally.postedits)
    assert not run.writes(), describe(run.writes())
    assert accepted + sum(run.tally.conflicts.values()) == ATTEMPTED


def test_reads_with_a_token_never_fail(run):
    assert not run.reads(), describe(run.reads())


def test_no_translation_job_fails(run):
    assert not run.found["failed_jobs"], f"translation jobs failed: {run.found['failed_jobs'][:10]}"


def check_database(db_url: str, article_id: int, initial: dict[int, dict], tally: Tally) -> dict:
    """Compare the database with the accepted writes; every mismatch is listed under 'lost'."""
    lost: list[str] = []
    engine = models.make_engine(db_url)
    try:
        with models.session_factory(engine)() as session:
            check_glossary(session, initial, tally.glossary, lost)
            check_postedits(session, article_id, tally.postedits, lost)
            jobs = Counter(session.scalars(select(models.Job.status)))
            failed = [(j.id, j.error) for j in session.scalars(select(models.Job).where(models.Job.status == "failed"))]
    finally:
        engine.dispose()
    return {"lost": lost, "jobs": jobs, "failed_jobs": failed}


def check_glossary(session, initial: dict[int, dict], accepted: list, lost: list[str]) -> None:
    """Each accepted edit is an 'edit' change; versions chain without gaps; the entry ends at the last one."""
    changes = list(session.scalars(select(models.GlossaryChange).where(models.GlossaryChange.who == EDITOR)))
    if len(changes) != len(accepted):
        lost.append(f"glossary: {len(changes)} edit rows in the history for {len(accepted)} accepted edits")
    wrong = [c.id for c in changes if c.action != "edit" or c.entry_id not in initial]
    if wrong:
        lost.append(f"glossary: changes by the editor that are not edits of the shared entries: {wrong[:10]}")
    history = {(c.entry_id, c.after["version"], c.after["target"]) for c in changes}
    for entry_id, _base, version, target in accepted:
        if (entry_id, version, target) not in history:
            lost.append(f"glossary: accepted edit of entry {entry_id} to v{version} {target!r} not in the history")
    for entry_id, start in initial.items():
        mine = sorted((v, b, t) for e, b, v, t in accepted if e == entry_id)
        bases = Counter(b for _v, b, _t in mine)
        twice = [b for b, n in bases.items() if n > 1]
        if twice:
            lost.append(f"glossary: entry {entry_id}: two accepted edits from the same version {twice}")
        expected = list(range(start["version"] + 1, start["version"] + 1 + len(mine)))
        if [v for v, _b, _t in mine] != expected:
            lost.append(f"glossary: entry {entry_id}: accepted versions {[v for v, _b, _t in mine]} != {expected}")
        entry = session.get(models.GlossaryEntry, entry_id)
        last_version, _b, last_target = mine[-1] if mine else (start["version"], None, start["target"])
        if (entry.version, entry.target) != (last_version, last_target):
            lost.append(f"glossary: entry {entry_id} is v{entry.version} {entry.target!r}, "
                        f"the last accepted write was v{last_version} {last_target!r}")
        chain = sorted((c for c in changes if c.entry_id == entry_id), key=lambda c: c.after["version"])
        for prev, nxt in zip(chain, chain[1:], strict=False):
            if nxt.before != prev.after:
                lost.append(f"glossary: change {nxt.id} started from {nxt.before} instead of {prev.after}")


def check_postedits(session, article_id: int, accepted: list, lost: list[str]) -> None:
    """Each accepted post-edit is a human translation with its text; the last one is current."""
    humans = list(session.scalars(
        select(models.Translation).join(models.Segment)
        .where(models.Segment.article_id == article_id, models.Translation.origin == "human")
    ))
    if len(humans) != len(accepted):
        lost.append(f"post-edits: {len(humans)} human translations for {len(accepted)} accepted edits")
    rows = {(t.segment_id, t.id): t.text for t in humans}
    for seg_id, _base, version, text in accepted:
        if rows.get((seg_id, version)) != text:
            lost.append(f"post-edits: accepted edit {version} of segment {seg_id} {text!r} is stored as "
                        f"{rows.get((seg_id, version))!r}")
    by_segment = defaultdict(list)
    for seg_id, base, version, text in accepted:
        by_segment[seg_id].append((version, base, text))
    for seg_id, edits in by_segment.items():
        twice = [b for b, n in Counter(b for _v, b, _t in edits).items() if n > 1]
        if twice:
            lost.append(f"post-edits: segment {seg_id}: two accepted edits from the same version {twice}")
    counts = dict(session.execute(
        select(models.Translation.segment_id, func.count()).join(models.Segment)
        .where(models.Segment.article_id == article_id, models.Translation.current.is_(True))
        .group_by(models.Translation.segment_id)
    ).all())
    for seg in session.scalars(select(models.Segment).where(models.Segment.article_id == article_id)):
        if counts.get(seg.id) != 1:
            lost.append(f"post-edits: segment {seg.id} has {counts.get(seg.id, 0)} current translations")
        if seg.id in by_segment:
            version, _b, text = max(by_segment[seg.id])
            current = seg.current
            if current is None or (current.id, current.text, current.origin) != (version, text, "human"):
                lost.append(f"post-edits: segment {seg.id} shows {current and (current.id, current.text)}, "
                            f"the last accepted edit was {(version, text)}")
