"""Long writes next to short ones against a real server: no 500s, no lost writes, no failed job.

1. A 20,000-line glossary import runs while 10 editors post-edit: the import commits in bounded
   chunks, so every post-edit gets its turn (200 or 409, never 500) and every accepted one is stored.
2. A long translation job runs while 16 API writers post-edit another article: the job reads
   outside the write lock and writes in short chunks, so it finishes, and no writer sees a 500.
Both are bounded in time and talk only to 127.0.0.1.
"""

from __future__ import annotations

import http.client
import threading
import time
import uuid
from collections import Counter

import pytest
from sqlalchemy import func, select

from app.core import models
from tests.support.servers import (
    Client,
    current_version,
    database_url,
    require_apertium,
    running_server,
    segment_history,
    wait_article,
)

pytestmark = pytest.mark.slow

GLOSSARY_LINES = 20_000
EDITORS = 10
WRITERS = 16
SMALL = "Edits while others write\n\n" + "\n\n".join(
    f"The lawyer number {i} asked the federal judge for a hearing." for i in range(8)
)


def post_file(base_url: str, token: str, path: str, name: str, data: bytes, timeout: float = 600) -> tuple[int, str]:
    """A multipart upload (field `file`), as a browser or curl -F sends it."""
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: text/tab-separated-values\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    host, port = base_url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request("POST", path, body=body, headers={
            "Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Accept": "application/json"})
        response = conn.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        conn.close()


class PostEditor(threading.Thread):
    """Post-edits the given segments in turn until told to stop (or a bounded number of times)."""

    def __init__(self, n: int, base_url: str, token: str, article_id: int, segments: list[int],
                 stop: threading.Event, limit: int = 400):
        super().__init__(name=f"post-editor-{n}", daemon=True)
        self.n, self.client, self.article_id, self.segments = n, Client(base_url, token), article_id, segments
        self.stop, self.limit = stop, limit
        self.statuses: Counter = Counter()
        self.accepted: list[tuple[int, int, str]] = []  # segment, translation id, text
        self.others: list[str] = []

    def run(self) -> None:
        try:
            for i in range(self.limit):
                if self.stop.is_set():
                    break
                seg = self.segments[(self.n + i) % len(self.segments)]
                status, history = segment_history(self.client, self.article_id, seg)
                if status != 200:
                    self.statuses[("GET", status)] += 1
                    self.others.append(f"GET history {seg} -> {status} {history}")
                    continue
                text = f"Edición {self.n}-{i} mientras otros escriben."
                status, data = self.client.write("PUT", f"/api/articles/{self.article_id}/segments/{seg}",
                                                 {"text": text, "version": current_version(history)})
                self.statuses[("PUT", status)] += 1
                if status == 200:
                    self.accepted.append((seg, data["version"], text))
                elif status != 409:
                    self.others.append(f"PUT {seg} -> {status} {str(data)[:200]}")
        except Exception as exc:  # a transport error is a finding, reported by the test
            self.others.append(repr(exc))
        finally:
            self.client.close()


def import_small(server) -> tuple[int, list[int]]:
    status, body = Client(server.base_url, server.token).request("POST", "/api/articles", {"text": SMALL})
    assert status == 202, body
    article = wait_article(Client(server.base_url), body["id"], timeout=120)
    return article["id"], [s["id"] for s in article["segments"] if s["kind"] != "title"]


def stored_postedits(db_url: str, article_id: int) -> dict[int, str]:
    engine = models.make_engine(db_url)
    try:
        with models.session_factory(engine)() as session:
            return dict(session.execute(
                select(models.Translation.id, models.Translation.text).join(models.Segment)
                .where(models.Segment.article_id == article_id, models.Translation.origin == "human")
            ).all())
    finally:
        engine.dispose()


def test_big_glossary_import_does_not_lock_out_post_editors(tmp_path):
    require_apertium()
    db_url = database_url("sqlite", tmp_path)
    with running_server(tmp_path, db_url) as server:
        article_id, segments = import_small(server)
        lines = "\n".join(f"load term {i}\ttérmino de carga {i}" for i in range(GLOSSARY_LINES)) + "\n"
        stop = threading.Event()
        editors = [PostEditor(n, server.base_url, server.token, article_id, segments, stop) for n in range(EDITORS)]
        for editor in editors:
            editor.start()
        started = time.monotonic()
        status, body = post_file(server.base_url, server.token, "/api/glossary/import", "big.tsv", lines.encode())
        import_seconds = time.monotonic() - started
        stop.set()
        for editor in editors:
            editor.join(timeout=60)
        assert status == 200, body
        assert f'"added":{GLOSSARY_LINES}' in body.replace(" ", "")
    statuses = sum((e.statuses for e in editors), Counter())
    others = [o for e in editors for o in e.others]
    accepted = [a for e in editors for a in e.accepted]
    print(f"\nglossary import of {GLOSSARY_LINES} lines: {import_seconds:.1f} s; post-edits meanwhile {dict(statuses)}")
    assert not others, "\n".join(others[:20])
    assert accepted, "no post-edit got through while the import ran"
    stored = stored_postedits(db_url, article_id)
    lost = [(seg, tid, text) for seg, tid, text in accepted if stored.get(tid) != text]
    assert not lost, lost[:10]


def test_translation_job_survives_concurrent_writers(tmp_path):
    require_apertium()
    db_url = database_url("sqlite", tmp_path)
    with running_server(tmp_path, db_url) as server:
        small_id, segments = import_small(server)
        long_text = "A long article\n\n" + "\n\n".join(
            f"Paragraph {i}: the federal judge heard the lawyer, and the hearing on the deportation flights "
            f"went on for hours. Officials said the prisoners were moved at night." for i in range(400)
        )
        status, body = Client(server.base_url, server.token).request("POST", "/api/articles", {"text": long_text})
        assert status == 202, body
        long_id = body["id"]
        stop = threading.Event()
        writers = [PostEditor(n, server.base_url, server.token, small_id, segments, stop) for n in range(WRITERS)]
        for writer in writers:
            writer.start()
        reader = Client(server.base_url)
        try:
            article = wait_article(reader, long_id, timeout=400)
        finally:
            stop.set()
            for writer in writers:
                writer.join(timeout=60)
            reader.close()
    statuses = sum((w.statuses for w in writers), Counter())
    others = [o for w in writers for o in w.others]
    print(f"\nlong article translated under {WRITERS} writers: {dict(statuses)}")
    assert article["status"] == "ready" and article["total_segments"] == 801
    assert not others, "\n".join(others[:20])
    engine = models.make_engine(db_url)
    try:
        with models.session_factory(engine)() as session:
            machine = session.scalar(
                select(func.count(models.Translation.id)).join(models.Segment)
                .where(models.Segment.article_id == long_id, models.Translation.origin == "machine"))
            failed = session.scalar(select(func.count(models.Job.id)).where(models.Job.status == "failed"))
    finally:
        engine.dispose()
    assert machine == 801 and failed == 0
