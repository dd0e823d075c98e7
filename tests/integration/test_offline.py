"""Offline guarantee: importing the app, loading the Argos engine and translating open no network.

Every socket connection and name lookup is recorded; only loopback (127.0.0.0/8, ::1) and Unix
sockets are allowed. The first test runs in a fresh interpreter, so the imports are counted too.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import subprocess
import sys
import textwrap

import pytest

from tests.support.paths import ROOT

# No app import at module level: the fresh-process test imports this module for NetworkGuard
# before it imports the app, so that the app's own imports run under the guard.



def is_local(address) -> bool:
    """True for Unix sockets and loopback hosts."""
    if isinstance(address, (str, bytes)):
        return True  # AF_UNIX path
    host = address[0]
    if host in (None, "", "localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name to resolve: not loopback


class NetworkGuard:
    """Wraps socket connect, create_connection and getaddrinfo: records all, refuses remote."""

    def __init__(self):
        self.local: list = []
        self.remote: list = []

    def check(self, address) -> None:
        (self.local if is_local(address) else self.remote).append(address)
        if not is_local(address):
            raise OSError(f"network access attempted while offline: {address!r}")

    def install(self, monkeypatch) -> NetworkGuard:
        connect, connect_ex = socket.socket.connect, socket.socket.connect_ex
        create_connection, getaddrinfo = socket.create_connection, socket.getaddrinfo

        def guarded_connect(sock, address):
            self.check(address)
            return connect(sock, address)

        def guarded_connect_ex(sock, address):
            self.check(address)
            return connect_ex(sock, address)

        def guarded_create_connection(address, *args, **kwargs):
            self.check(address)
            return create_connection(address, *args, **kwargs)

        def guarded_getaddrinfo(host, *args, **kwargs):
            self.check((host.decode() if isinstance(host, bytes) else host, 0))
            return getaddrinfo(host, *args, **kwargs)

        monkeypatch.setattr(socket.socket, "connect", guarded_connect)
        monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
        monkeypatch.setattr(socket, "create_connection", guarded_create_connection)
        monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
        return self


SCRIPT = textwrap.dedent(
    """
    import json, socket, sys
    from tests.integration.test_offline import NetworkGuard

    class Patch:  # monkeypatch.setattr without pytest
        def setattr(self, target, name, value):
            setattr(target, name, value)

    guard = NetworkGuard().install(Patch())
    errors = []
    try:
        from app import create_app
        from app.translation.engines import pick
        from app.translation.engines.argos import ArgosEngine
        from tests.support.argos_fixtures import article_sentences, article_terms

        packages, data = sys.argv[1], sys.argv[2]
        engine = ArgosEngine(packages)
        app = create_app({"TESTING": True, "DATA_DIR": data, "SEED_ON_START": False,
                          "RUN_JOBS": False, "ENGINES": {"argos": engine}})
        chosen = pick(app.extensions["paralelo.engines"], "auto")
        sentences = article_sentences()
        out = chosen.translate_batch(sentences, article_terms(sentences))
        result = {"engine": chosen.name, "sentences": len(sentences), "outputs": len(out)}
    except Exception as exc:
        result = {"error": repr(exc)}
    result.update(
        remote=[repr(a) for a in guard.remote],
        argos_translate_imported="argostranslate.translate" in sys.modules,
        torch_imported="torch" in sys.modules,
    )
    print(json.dumps(result))
    """
)


def test_import_load_and_translate_in_a_fresh_process(tmp_path, random_packages):
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "ARGOS_"))}
    env.update(HOME=str(home), PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(random_packages), str(tmp_path / "data")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "error" not in result, result
    assert result["remote"] == []
    assert result["engine"] == "argos" and result["outputs"] == result["sentences"] == 37
    # the translation path never loads argostranslate.translate (stanza, spaCy, torch)
    assert not result["argos_translate_imported"] and not result["torch_imported"]
    assert list(home.iterdir()) == []  # nothing written under ~ (~/.local, ~/.cache, ~/.config)


def test_guard_refuses_remote_addresses(monkeypatch):
    guard = NetworkGuard().install(monkeypatch)
    with pytest.raises(OSError, match="offline"):
        socket.create_connection(("203.0.113.7", 80), timeout=1)
    with pytest.raises(OSError, match="offline"):
        socket.getaddrinfo("example.org", 443)
    assert len(guard.remote) == 2


def test_index_install_and_translation_use_loopback_only(
    tmp_path, monkeypatch, package_index, seed_sentences, seed_terms
):
    from app.translation.engines import pick
    from app.translation.engines.argos import ArgosEngine
    from app.translation.engines.argos_packages import install_from_index
    from tests.support.app import make_app

    guard = NetworkGuard().install(monkeypatch)
    folder = tmp_path / "argos"
    info = install_from_index(folder, "en", "es")
    engine = ArgosEngine(str(folder))
    app = make_app(tmp_path, {"argos": engine}, RUN_JOBS=False)
    out = pick(app.extensions["paralelo.engines"]).translate_batch(seed_sentences, seed_terms)
    assert info["version"] == "1.0" and len(out) == len(seed_sentences)
    assert guard.remote == []
    assert guard.local  # the index and the package did come over the (loopback) network
