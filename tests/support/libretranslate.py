"""Real LibreTranslate servers on 127.0.0.1, offline, with a generated model (tests and benchmark).

LibreTranslate runs from its own venv (scripts/libretranslate.sh makes it once: the PyPI package
pins an old Flask). Each server gets a home folder of its own (HOME and XDG_* point there, so
nothing is read from or written to the user's folders, and nothing is downloaded):
- the generated en->es model plus an es->en one: with two packages installed LibreTranslate does
  not try to update its model index at start (which offline costs minutes);
- its spaCy cache pre-filled with a blank English pipeline (and the empty `senter/model` file that
  argostranslate checks for), so that ARGOS_CHUNK_TYPE=SPACY splits sentences without a download.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.paths import ROOT

VERSION = "1.9.6"
START_TIMEOUT = 180.0  # seconds for a server to answer /languages


class SetupError(RuntimeError):
    """LibreTranslate could not be installed or started here."""


def venv() -> Path:
    """The LibreTranslate venv, made by scripts/libretranslate.sh if missing (idempotent)."""
    try:
        proc = subprocess.run(
            ["bash", str(ROOT / "scripts" / "libretranslate.sh")],
            cwd=ROOT, capture_output=True, text=True, timeout=1200,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SetupError(f"scripts/libretranslate.sh failed: {exc}") from exc
    if proc.returncode != 0:
        raise SetupError(f"scripts/libretranslate.sh failed: {proc.stderr.strip()[-500:]}")
    path = Path(proc.stdout.strip().splitlines()[-1])
    path = path if path.is_absolute() else ROOT / path
    if not (path / "bin" / "libretranslate").exists():
        raise SetupError(f"no libretranslate in {path}")
    return path


def prepare_home(home: Path, models: list[Path], python: Path) -> dict[str, str]:
    """Install the models and the blank spaCy pipeline under home; the server's environment."""
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("ARGOS_", "LT_", "XDG_", "PARALELO_", "VIRTUAL_ENV", "PYTHON"))
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "share"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        ARGOS_PACKAGES_DIR=str(home / "share" / "argos-translate" / "packages"),
        ARGOS_CHUNK_TYPE="SPACY",
        ARGOS_DEVICE_TYPE="cpu",
        OMP_NUM_THREADS="1",
        HF_HUB_OFFLINE="1",
    )
    packages = Path(env["ARGOS_PACKAGES_DIR"])
    packages.mkdir(parents=True, exist_ok=True)
    for model in models:
        with zipfile.ZipFile(model) as zf:
            zf.extractall(packages)
    spacy_dir = home / "cache" / "argos-translate" / "spacy"
    if not (spacy_dir / "senter" / "model").exists():
        spacy_dir.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [str(python), "-c", "import spacy, sys; spacy.blank('en').to_disk(sys.argv[1])", str(spacy_dir)],
            check=True, capture_output=True, timeout=300, env=env,
        )
        (spacy_dir / "senter").mkdir(parents=True, exist_ok=True)
        (spacy_dir / "senter" / "model").touch()
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running LibreTranslate process."""

    url: str
    port: int
    proc: subprocess.Popen
    log: Path

    def stop(self) -> None:
        """Terminate the server and wait for it (idempotent)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)

    def translate_requests(self) -> int:
        """POST /translate requests the server has answered, from its Prometheus /metrics."""
        text = httpx.get(self.url + "/metrics", timeout=10).text
        return int(sum(
            float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith("libretranslate_http_request_duration_seconds_count{")
            and 'endpoint="/translate"' in line
        ))


def start(venv_dir: Path, env: dict[str, str], log: Path, *args: str, timeout: float = START_TIMEOUT) -> Server:
    """Start `libretranslate` on a free port of 127.0.0.1 and wait until /languages answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [
        str(venv_dir / "bin" / "libretranslate"),
        "--host", "127.0.0.1", "--port", str(port), "--load-only", "en,es",
        "--threads", "2", "--disable-files-translation", "--metrics", *args,
    ]
    env = {**env, "PROMETHEUS_MULTIPROC_DIR": str(log.with_suffix(".metrics"))}
    Path(env["PROMETHEUS_MULTIPROC_DIR"]).mkdir(exist_ok=True)
    out = log.open("w")
    proc = subprocess.Popen(
        cmd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=log.parent
    )
    out.close()
    server = Server(url, port, proc, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SetupError(f"libretranslate exited {proc.returncode}: {log.read_text('utf-8', 'replace')[-800:]}")
        try:
            if httpx.get(url + "/languages", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.stop()
    tail = log.read_text("utf-8", "replace")[-800:]
    raise SetupError(f"libretranslate did not answer within {timeout:.0f} s: {tail}")
