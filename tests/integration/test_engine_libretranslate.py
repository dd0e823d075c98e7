"""The LibreTranslate engine against real LibreTranslate servers on 127.0.0.1 (tests/libretranslate_support.py).

The servers run a generated model: the copy model (its output repeats the source, so alignment and
placeholders can be checked) or the random one (nonsense that loses placeholders). Tests check
plumbing and guarantees, never wording. Set PARALELO_REQUIRE_ENGINES=1 to fail instead of skip
when a server cannot be set up.
"""

from __future__ import annotations

import math
import socket
import subprocess
import time
from dataclasses import replace

import pytest
from sqlalchemy import select

from app.config import from_env
from app.core.models import Article, Job
from app.core.states import JobStatus
from app.core.terms import present
from app.translation import jobs
from app.translation.engines import EngineError, build_engines, pick
from app.translation.engines.libretranslate import LibreTranslateEngine
from tests.support import libretranslate as lt
from tests.support.app import ONCE, REQUIRE_ENGINES, import_article, make_app, wait_jobs
from tests.support.argos_fixtures import article_sentences, article_terms
from tests.support.argos_model import build_argosmodel
from tests.support.json_stub import JsonHandler, json_stub

pytestmark = pytest.mark.libretranslate


def _unavailable(reason: str):
    if REQUIRE_ENGINES:
        pytest.fail(f"{reason} (PARALELO_REQUIRE_ENGINES=1)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def lt_setup(tmp_path_factory):
    """(venv, environment with the copy model, environment with the random model, folder for logs)."""
    root = tmp_path_factory.mktemp("libretranslate")
    try:
        venv = lt.venv()
        back = build_argosmodel(root / "models-es-en", from_code="es", to_code="en")
        copy = build_argosmodel(root / "models-copy", copy=True)
        random = build_argosmodel(root / "models-random")
        python = venv / "bin" / "python"
        copy_env = lt.prepare_home(root / "home-copy", [copy, back], python)
        random_env = lt.prepare_home(root / "home-random", [random, back], python)
    except (lt.SetupError, OSError, subprocess.SubprocessError) as exc:
        _unavailable(f"cannot set up LibreTranslate: {exc}")
    return venv, copy_env, random_env, root


def _start(lt_setup, name: str, *args: str, model: str = "copy") -> lt.Server:
    venv, copy_env, random_env, root = lt_setup
    folder = root / name
    folder.mkdir()
    try:
        return lt.start(venv, copy_env if model == "copy" else random_env, folder / "server.log", *args)
    except lt.SetupError as exc:
        _unavailable(str(exc))


@pytest.fixture(scope="session")
def server_a(lt_setup):
    server = _start(lt_setup, "a")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def server_b(lt_setup):
    server = _start(lt_setup, "b")
    yield server
    server.stop()


@pytest.fixture
def spare_server(lt_setup, request):
    """A server of this test's own, to be stopped by the test."""
    server = _start(lt_setup, f"spare-{request.node.name}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def keyed_server(lt_setup):
    """A random-model server that requires an API key; (server, a valid key)."""
    venv, _, random_env, root = lt_setup
    folder = root / "keyed"
    folder.mkdir()
    db = folder / "api_keys.db"
    try:
        # the keys database is created by the server; make it, then add a key with ltmanage
        server = lt.start(
            venv, random_env, folder / "server.log", "--api-keys", "--api-keys-db-path", str(db), "--under-attack"
        )
        added = subprocess.run(
            [str(venv / "bin" / "ltmanage"), "keys", "--api-keys-db-path", str(db), "add", "1000"],
            capture_output=True, text=True, timeout=60, env=random_env, check=True,
        )
    except (lt.SetupError, subprocess.SubprocessError) as exc:
        _unavailable(f"cannot start a keyed LibreTranslate: {exc}")
    yield server, added.stdout.strip().splitlines()[-1]
    server.stop()


def _dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def _host(url: str) -> str:
    return url.removeprefix("http://")


# --- settings and choice (no server needed) -------------------------------------------------------


def test_settings_take_several_urls(monkeypatch, tmp_path):
    monkeypatch.setenv("PARALELO_LIBRETRANSLATE_URL", "http://a:5000, http://b:5001\thttp://c:5002/")
    monkeypatch.setenv("PARALELO_LIBRETRANSLATE_API_KEY", "k")
    monkeypatch.setenv("PARALELO_LIBRETRANSLATE_CHUNK", "7")
    monkeypatch.setenv("PARALELO_LIBRETRANSLATE_READ_TIMEOUT", "9.5")
    monkeypatch.setenv("PARALELO_SECRET_KEY", "x")
    conf = from_env(str(tmp_path))
    engine = build_engines(conf)["libretranslate"]
    assert [s.url for s in engine.servers] == ["http://a:5000", "http://b:5001", "http://c:5002"]
    assert [s.host for s in engine.servers] == ["a:5000", "b:5001", "c:5002"]
    assert engine.api_key == "k" and engine.chunk == 7 and engine.timeout.read == 9.5


def test_not_configured_is_not_available():
    engine = LibreTranslateEngine([])
    assert not engine.available()
    with pytest.raises(EngineError, match="PARALELO_LIBRETRANSLATE_URL"):
        pick({"libretranslate": engine}, "libretranslate")


def test_a_bad_url_is_a_server_error_not_a_crash():
    engine = LibreTranslateEngine(["localhost:5000", "ftp://x/", "http://h:port/"])
    assert not engine.available()
    assert [s["error"] for s in engine.describe()["servers"]] == ["not an http(s) URL"] * 3
    with pytest.raises(EngineError, match="not an http"):
        engine.translate_batch(["One."])


def test_all_servers_down_is_a_clear_error():
    dead = [_dead_url(), _dead_url()]
    engine = LibreTranslateEngine(dead, connect_timeout=1)
    started = time.monotonic()
    assert not engine.available()
    assert time.monotonic() - started < 5  # a refused connection is not waited for
    with pytest.raises(EngineError) as caught:
        pick({"libretranslate": engine}, "libretranslate")
    message = str(caught.value)
    assert "No LibreTranslate server" in message
    assert all(_host(u) in message for u in dead)
    with pytest.raises(EngineError, match="No LibreTranslate server"):
        engine.translate_batch(["One sentence."])
    assert [s["reachable"] for s in engine.describe()["servers"]] == [False, False]


def test_all_servers_down_refuses_the_import_and_fails_a_queued_article_with_a_reason(tmp_path, seed_text):
    engine = LibreTranslateEngine([_dead_url()], connect_timeout=1)
    app = make_app(tmp_path, {"libretranslate": engine})
    try:
        client = app.test_client()
        resp = client.post("/api/articles", json={"title": "T", "text": seed_text, "engine": "libretranslate"})
        assert resp.status_code == 400  # it could only fail: refused at once, with the reason
        assert "LibreTranslate" in resp.get_json()["error"]
        article = import_article(app, seed_text, engine="libretranslate")  # queued before the servers went down
        with app.extensions["paralelo.db.read"]() as session:
            app.extensions["paralelo.jobs"].submit(session.scalar(select(Job.id)))
        wait_jobs(app)
        assert client.get(f"/api/articles/{article.id}").get_json()["status"] == "failed"
        with app.extensions["paralelo.db"]() as session:
            error = session.scalars(select(Article.error)).one()
        assert "No LibreTranslate server" in error
    finally:
        app.extensions["paralelo.jobs"].shutdown()


class _RateLimited(JsonHandler):
    """A stand-in LibreTranslate answering its first `refuse` POST /translate with 429 and Retry-After.

    A stub because LibreTranslate 1.9.6's own limiter (--req-limit) let every request through here
    (it installs Flask-Limiter 2.6.3 next to limits 5.x), so a real server could not be made to send 429.
    """

    posts: list[float]
    refuse = 1
    retry_after = "1"

    def do_GET(self):
        body = [{"code": "en", "name": "English", "targets": ["es"]}, {"code": "es", "name": "Spanish", "targets": []}]
        self.send_json(200, body if self.path == "/languages" else {"error": "not found"})

    def do_POST(self):
        payload = self.read_json()
        self.posts.append(time.monotonic())
        if len(self.posts) <= self.refuse:
            self.send_json(429, {"error": "Slowdown: 1 per 1 minute"}, {"Retry-After": self.retry_after})
        else:
            self.send_json(200, {"translatedText": [f"ES {q}" for q in payload["q"]]})


@pytest.fixture
def rate_limited(request):
    """(URL, handler class) of a stub; parametrize indirectly with (refuse, retry_after)."""
    refuse, retry_after = getattr(request, "param", (1, "1"))
    handler = type("Handler", (_RateLimited,), {"posts": [], "refuse": refuse, "retry_after": retry_after})
    with json_stub(handler) as url:
        yield url, handler


def test_429_waits_for_retry_after_then_retries_the_same_server(rate_limited):
    url, handler = rate_limited
    engine = LibreTranslateEngine([url], retries=2, backoff=0.01)
    assert engine.translate_batch(["One.", "Two."]) == ["ES One.", "ES Two."]
    assert len(handler.posts) == 2
    assert handler.posts[1] - handler.posts[0] >= 1.0  # Retry-After honoured, not the 0.01 s back-off
    (state,) = engine.describe()["servers"]
    assert state["reachable"] and state["error"] is None  # the retry that succeeded clears the failure


# --- a real server --------------------------------------------------------------------------------


def test_languages_version_and_provenance(server_a):
    engine = LibreTranslateEngine([server_a.url])
    assert engine.available()
    (state,) = engine.describe()["servers"]
    assert state["reachable"] and state["en_es"] and state["error"] is None
    assert state["es_en"]  # the server's es->en package, read from its /languages
    assert state["version"] == lt.VERSION
    out = engine.translate_batch(["The prison is large.", "", "It opened in 2023."])
    assert out[1] == "" and all(out[i].strip() for i in (0, 2))
    assert engine.version == f"libretranslate {lt.VERSION} at {_host(server_a.url)}"
    assert engine.translate_batch(["", "  "]) == ["", ""]
    assert engine.version == "libretranslate (no request sent)"  # never a host that did not translate


def test_one_request_per_chunk_and_alignment(server_a):
    sentences = article_sentences()
    for chunk in (50, 10):
        engine = LibreTranslateEngine([server_a.url], chunk=chunk)
        before = server_a.translate_requests()
        out = engine.translate_batch(sentences)
        sent = server_a.translate_requests() - before
        assert sent == engine.requests == math.ceil(sum(1 for s in sentences if s.strip()) / chunk)
        assert out == [s.strip() for s in sentences]  # the copy model: each output is its own source


def test_terms_are_protected_with_placeholders(server_a):
    sentences = article_sentences()
    terms = article_terms(sentences)
    engine = LibreTranslateEngine([server_a.url])
    out = engine.translate_batch(sentences, terms)
    checked = [(t, o) for ts, o in zip(terms, out, strict=True) for t in ts]
    assert len(checked) > 50
    # the copy model keeps placeholders: every term's Spanish is restored into the output
    assert all(present(t.target, o) for t, o in checked)




def test_article_through_the_pipeline_with_provenance(tmp_path, server_a, seed_text):
    engine = LibreTranslateEngine([server_a.url])
    app = make_app(tmp_path, {"libretranslate": engine}, RUN_JOBS=False)
    sessions = app.extensions["paralelo.db"]
    article = import_article(app, seed_text, engine="libretranslate")
    assert jobs.run_queued(sessions, app.extensions["paralelo.engines"], ONCE, article.id) == [JobStatus.DONE]
    with sessions() as session:
        article = session.scalars(select(Article)).one()
        assert article.status == "ready"
        everything = [s.current for s in article.segments]
        assert all(t is not None and t.origin in ("machine", "template") for t in everything)
        assert all(t.engine is None for t in everything if t.origin == "template")  # the byline, by template
        current = [t for t in everything if t.origin == "machine"]
        assert {t.engine for t in current} == {"libretranslate"}
        assert {t.engine_version for t in current} == {f"libretranslate {lt.VERSION} at {_host(server_a.url)}"}
        reports = [(item, t.text) for t in current for item in t.terms]
        assert len(reports) > 50
        assert all(present(item["target"], text) for item, text in reports if item["status"] == "enforced")
        assert {item["status"] for item, _ in reports} == {"enforced"}


def test_lost_placeholders_are_reported_missing_never_enforced(tmp_path, keyed_server, seed_text):
    server, key = keyed_server  # the random model: nonsense that drops placeholders
    engine = LibreTranslateEngine([server.url], api_key=key)
    app = make_app(tmp_path, {"libretranslate": engine}, RUN_JOBS=False)
    sessions = app.extensions["paralelo.db"]
    article = import_article(app, seed_text, engine="libretranslate")
    assert jobs.run_queued(sessions, app.extensions["paralelo.engines"], ONCE, article.id) == [JobStatus.DONE]
    with sessions() as session:
        current = [s.current for s in session.scalars(select(Article)).one().segments]
        reports = [(item, t.text) for t in current for item in t.terms]
    assert len(reports) > 50
    assert "missing" in {item["status"] for item, _ in reports}
    assert all(present(item["target"], text) for item, text in reports if item["status"] == "enforced")


def test_api_key_required(keyed_server):
    server, key = keyed_server
    with pytest.raises(EngineError, match="API key"):
        LibreTranslateEngine([server.url]).translate_batch(["One."])
    with pytest.raises(EngineError, match="Invalid API key"):
        LibreTranslateEngine([server.url], api_key="not-a-key").translate_batch(["One."])
    assert len(LibreTranslateEngine([server.url], api_key=key).translate_batch(["One.", "Two."])) == 2


def test_dead_server_first_in_the_list_fails_over(server_a):
    dead = _dead_url()
    engine = LibreTranslateEngine([dead, server_a.url], chunk=5, connect_timeout=1)
    sentences = article_sentences()[:20]
    assert engine.translate_batch(sentences) == [s.strip() for s in sentences]
    assert engine.version == f"libretranslate {lt.VERSION} at {_host(server_a.url)}"
    states = {s["url"]: s for s in engine.describe()["servers"]}
    assert states[dead]["reachable"] is False and states[dead]["error"]
    assert states[server_a.url]["reachable"] and states[server_a.url]["en_es"]


def test_server_down_mid_article_fails_over_and_says_which_hosts(spare_server, server_b):
    engine = LibreTranslateEngine([spare_server.url, server_b.url], chunk=4, connect_timeout=1, retries=0)
    sentences = article_sentences()[:24]
    before = {s.url: s.translate_requests() for s in (spare_server, server_b)}

    def stop_after_first_chunk(done, total):
        if done == 4:
            before[spare_server.url] = spare_server.translate_requests() - before[spare_server.url]
            spare_server.stop()

    out = engine.translate_batch(sentences, progress=stop_after_first_chunk)
    assert out == [s.strip() for s in sentences]
    assert before[spare_server.url] == 1  # the first chunk went to the first server, then it died
    assert server_b.translate_requests() - before[server_b.url] == 5  # every other chunk
    assert engine.version == f"libretranslate {lt.VERSION} at {_host(spare_server.url)}, {_host(server_b.url)}"
    states = {s["url"]: s for s in engine.describe()["servers"]}
    assert states[spare_server.url]["reachable"] is False and states[spare_server.url]["error"]


@pytest.mark.parametrize("rate_limited", [(1000, "0")], indirect=True)
def test_429_until_retries_run_out_fails_over_to_a_real_server(rate_limited, server_b):
    url, handler = rate_limited
    engine = LibreTranslateEngine([url, server_b.url], chunk=2, retries=2, backoff=0.01)
    sentences = article_sentences()[:6]
    assert engine.translate_batch(sentences) == [s.strip() for s in sentences]
    assert len(handler.posts) == 3  # the first chunk: one try and two retries, then server B
    assert engine.version == f"libretranslate {lt.VERSION} at {_host(server_b.url)}"
    states = {s["url"]: s for s in engine.describe()["servers"]}
    assert "429" in states[url]["error"]


def test_auto_never_picks_the_remote_engine(server_a):
    engine = LibreTranslateEngine([server_a.url])
    assert engine.available()
    with pytest.raises(EngineError):
        pick({"libretranslate": engine}, "auto")
    assert pick({"libretranslate": engine}, "libretranslate") is engine


def test_engines_page_and_api_show_each_server(tmp_path, server_a):
    dead = _dead_url()
    engine = LibreTranslateEngine([server_a.url, dead], connect_timeout=1)
    app = make_app(tmp_path, {"libretranslate": engine}, RUN_JOBS=False)
    client = app.test_client()
    found = client.get("/api/engines").get_json()["engines"]
    (described,) = [e for e in found if e["name"] == "libretranslate"]
    assert described["available"]
    states = {s["url"]: s for s in described["servers"]}
    assert states[server_a.url] == {
        "url": server_a.url, "host": _host(server_a.url), "reachable": True,
        "version": lt.VERSION, "en_es": True, "es_en": True, "error": None,  # the test server has both pairs
    }
    assert described["pairs"] == {"en-es": True, "es-en": True}
    assert states[dead]["reachable"] is False and states[dead]["error"]
    page = client.get("/engines")
    assert page.status_code == 200
    assert server_a.url in page.text and dead in page.text and lt.VERSION in page.text


def test_failover_mid_article_is_recorded_per_segment(tmp_path, spare_server, server_b, seed_text):
    engine = LibreTranslateEngine([spare_server.url, server_b.url], connect_timeout=1, retries=0)
    app = make_app(tmp_path, {"libretranslate": engine}, RUN_JOBS=False)
    sessions = app.extensions["paralelo.db"]
    article = import_article(app, seed_text, engine="libretranslate")
    assert jobs.run_queued(
        sessions, app.extensions["paralelo.engines"], replace(ONCE, chunk_size=10), article.id,
        progress=lambda done, total: spare_server.stop(),  # down after the first chunk of segments
    ) == [JobStatus.DONE]
    both = f"libretranslate {lt.VERSION} at {_host(spare_server.url)}, {_host(server_b.url)}"
    only_b = f"libretranslate {lt.VERSION} at {_host(server_b.url)}"
    with sessions() as session:
        article = session.scalars(select(Article)).one()
        assert article.status == "ready"
        # chunks of 10 segments; the byline is written by template (no engine, no version)
        by_chunk = [(i // 10, s.current.engine_version) for i, s in enumerate(article.segments)
                    if s.current.origin == "machine"]
        first = [v for chunk, v in by_chunk if chunk == 0]
        later = [v for chunk, v in by_chunk if chunk > 0]
    # the first chunk's free pass went to the first server (its re-translation of sentences that
    # missed terms, if any, to the second); once the first server was down, every later segment
    # names only the second
    only_spare = f"libretranslate {lt.VERSION} at {_host(spare_server.url)}"
    assert len(set(first)) == 1 and first[0] in (both, only_spare)
    assert set(later) == {only_b}
