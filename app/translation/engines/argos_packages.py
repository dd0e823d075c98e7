"""Argos Translate packages: install (from a file or the package index), validate and list.

Everything goes through `argostranslate.package`, with argostranslate's folders pointed under the
app's data folder (never the home directory) and its process-wide settings guarded by a lock.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import socket
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from app.core.messages import N_

from .base import EngineError

log = logging.getLogger(__name__)

FROM_CODE, TO_CODE = "en", "es"  # the default pair; es -> en packages are installed and chosen the same way
INSTALL_HINT = (
    "paralelo models install en es (offline: paralelo models install --file FILE.argosmodel)"
)


def install_hint(from_code: str = FROM_CODE, to_code: str = TO_CODE) -> str:
    """The command that installs a package for the pair."""
    return f"paralelo models install {from_code} {to_code} (offline: paralelo models install --file FILE.argosmodel)"
DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
NETWORK_TIMEOUT = 60.0  # seconds; argostranslate opens URLs without a timeout

_lock = threading.RLock()  # argostranslate.settings is process-wide state


# --- package management -------------------------------------------------------------------------


@contextlib.contextmanager
def _argos(packages_dir: str | Path) -> Iterator[tuple]:
    """(argostranslate.package, argostranslate.settings) pointed at this app's folders."""
    packages = Path(packages_dir).absolute()
    home = packages.parent / "argos-home"
    xdg = {
        "XDG_DATA_HOME": home / "share",
        "XDG_CONFIG_HOME": home / "config",
        "XDG_CACHE_HOME": home / "cache",
    }
    env = {"ARGOS_PACKAGES_DIR": str(packages), **{k: str(v) for k, v in xdg.items()}}
    with _lock, _environment(env):
        packages.mkdir(parents=True, exist_ok=True)
        # argostranslate.settings reads the environment once, at import, and creates folders
        # under $HOME unless it points elsewhere; the install imports onnxruntime, which writes
        # under XDG_CACHE_HOME. Set only for the duration, so other libraries never see it.
        from argostranslate import package, settings

        # ...and on later calls (another packages_dir, or imported before) re-point its globals.
        settings.data_dir = xdg["XDG_DATA_HOME"] / "argos-translate"
        settings.config_dir = xdg["XDG_CONFIG_HOME"] / "argos-translate"
        settings.cache_dir = xdg["XDG_CACHE_HOME"] / "argos-translate"
        settings.downloads_dir = settings.cache_dir / "downloads"
        settings.settings_file = settings.config_dir / "settings.json"
        settings.local_package_index = settings.data_dir / "index.json"
        settings.package_data_dir = packages
        settings.package_dirs = [packages]
        index = os.environ.get("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
        settings.package_index = index if index.endswith("/") else index + "/"
        settings.remote_package_index = settings.package_index + "index.json"
        for folder in (settings.data_dir, settings.config_dir, settings.downloads_dir):
            folder.mkdir(parents=True, exist_ok=True)
        yield package, settings


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of the block, then put back the old ones."""
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _describe(pkg) -> dict:
    from argostranslate.package import argospm_package_name

    return {
        "name": pkg.code or argospm_package_name(pkg),
        "from_code": pkg.from_code,
        "to_code": pkg.to_code,
        "from_name": pkg.from_name,
        "to_name": pkg.to_name,
        "version": pkg.package_version,
        "argos_version": pkg.argos_version,
        "type": pkg.type,
        "target_prefix": pkg.target_prefix,
        "path": str(pkg.package_path) if getattr(pkg, "package_path", None) else None,
        "links": list(pkg.links),
    }


def list_installed(packages_dir: str | Path) -> list[dict]:
    """The packages installed in packages_dir (folders that are not packages are skipped)."""
    with _argos(packages_dir) as (package, settings):
        found = []
        for folder in sorted(p for p in settings.package_data_dir.iterdir() if p.is_dir()):
            try:
                found.append(_describe(package.Package(folder)))
            except (OSError, ValueError) as exc:
                log.warning("skipping %s: not an Argos package (%s)", folder, exc)
        return found


def find_installed(
    packages_dir: str | Path, from_code: str = FROM_CODE, to_code: str = TO_CODE
) -> dict | None:
    """The newest installed translate package for the pair, or None."""
    pairs = [
        p
        for p in list_installed(packages_dir)
        if (p["from_code"], p["to_code"], p["type"]) == (from_code, to_code, "translate")
    ]
    return max(pairs, key=lambda p: _version_key(p["version"]), default=None)


def _version_key(version: str) -> tuple:
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version), "")
    except InvalidVersion:
        return (0, Version("0"), version)


@contextlib.contextmanager
def _network_timeout() -> Iterator[None]:
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(NETWORK_TIMEOUT)
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)


def _available(package, settings) -> list:
    """Fetch the index (update_package_index hides failures: check the file was rewritten)."""
    index = Path(settings.local_package_index)
    old = index.with_name("index.json.old")
    if index.exists():
        os.replace(index, old)
    with _network_timeout():
        package.update_package_index()
    if not index.exists():
        if old.exists():
            os.replace(old, index)
        raise EngineError(
            N_("The Argos package index %(url)s is unreachable. "
               "Offline, install a package file: paralelo models install --file FILE.argosmodel"),
            url=settings.remote_package_index,
        )
    old.unlink(missing_ok=True)
    try:
        return package.get_available_packages()
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        raise EngineError(
            N_("The package index %(url)s is not valid: %(error)s"), url=settings.remote_package_index, error=str(exc)
        ) from None


def list_available(packages_dir: str | Path) -> list[dict]:
    """The packages the index offers; EngineError if it is unreachable or invalid."""
    with _argos(packages_dir) as (package, settings):
        return [_describe(p) for p in _available(package, settings)]


def install_from_index(
    packages_dir: str | Path, from_code: str = FROM_CODE, to_code: str = TO_CODE
) -> dict:
    """Download the index's newest package for the pair and install it."""
    with _argos(packages_dir) as (package, settings):
        offers = [
            p
            for p in _available(package, settings)
            if (p.from_code, p.to_code, p.type) == (from_code, to_code, "translate")
        ]
        if not offers:
            raise EngineError(
                N_("The package index has no %(source)s -> %(target)s package."), source=from_code, target=to_code
            )
        offer = max(offers, key=lambda p: _version_key(p.package_version))
        # download() reuses a cached file of the same name, whatever its version: start clean.
        cached = settings.downloads_dir / (package.argospm_package_name(offer) + ".argosmodel")
        cached.unlink(missing_ok=True)
        try:
            with _network_timeout():
                path = offer.download()
        except Exception as exc:  # argostranslate raises bare Exception on a failed download
            raise EngineError(
                N_("Download of %(url)s failed: %(error)s"), url=str(offer.links or offer), error=str(exc)
            ) from None
        try:
            return install_file(packages_dir, path, from_code, to_code)
        finally:
            Path(path).unlink(missing_ok=True)


PAIRS = (("en", "es"), ("es", "en"))  # the pairs Paralelo translates


def validate_package(
    path: str | Path, from_code: str | None = FROM_CODE, to_code: str | None = TO_CODE
) -> tuple[str, dict]:
    """Check a .argosmodel file before anything is installed; returns (top folder, metadata). With no pair
    given, the file's own must be one Paralelo translates."""
    path = Path(path)
    if not path.is_file():
        raise EngineError(N_("No such file: %(path)s"), path=str(path))
    if not zipfile.is_zipfile(path):
        raise EngineError(
            N_("%(file)s is not an Argos package (.argosmodel files are zip archives)."), file=path.name
        )
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if n]
            tops = {n.split("/", 1)[0] for n in names}
            unsafe = [n for n in names if n.startswith("/") or "\\" in n or ".." in n.split("/")]
            if len(tops) != 1 or unsafe or "" in tops:
                raise EngineError(
                    N_("%(file)s must hold exactly one top folder; found %(found)s"),
                    file=path.name, found=str(sorted(tops)[:5]),
                )
            top = tops.pop()
            needed = ("metadata.json", "sentencepiece.model", "model/model.bin")
            lacking = [n for n in needed if f"{top}/{n}" not in names]
            if lacking:
                raise EngineError(
                    N_("%(file)s is not a complete Argos package: no %(missing)s"),
                    file=path.name, missing=", ".join(lacking),
                )
            broken = zf.testzip()
            if broken:
                raise EngineError(
                    N_("%(file)s is corrupt: %(member)s fails its checksum"), file=path.name, member=broken
                )
            metadata = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
            sp_model = zf.read(f"{top}/sentencepiece.model")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise EngineError(N_("%(file)s is corrupt: %(error)s"), file=path.name, error=str(exc)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EngineError(
            N_("%(file)s: metadata.json is not valid JSON (%(error)s)"), file=path.name, error=str(exc)
        ) from None
    if not isinstance(metadata, dict):
        raise EngineError(N_("%(file)s: metadata.json must be a JSON object"), file=path.name)
    pair = (metadata.get("from_code"), metadata.get("to_code"))
    if from_code is None:
        from_code, to_code = pair if pair in PAIRS else (FROM_CODE, TO_CODE)
    if pair != (from_code, to_code):
        raise EngineError(
            N_("%(file)s translates %(source)s -> %(target)s, not %(want_source)s -> %(want_target)s"),
            file=path.name, source=pair[0], target=pair[1], want_source=from_code, want_target=to_code,
        )
    if metadata.get("type", "translate") != "translate":
        raise EngineError(
            N_("%(file)s is a '%(type)s' package, not a translation model"), file=path.name, type=metadata["type"]
        )
    _check_sentencepiece(sp_model, path.name)
    return top, metadata


def _check_sentencepiece(data: bytes, name: str) -> None:
    import sentencepiece as spm

    try:
        spm.SentencePieceProcessor(model_proto=data)
    except (RuntimeError, OSError, TypeError) as exc:
        raise EngineError(
            N_("%(file)s: sentencepiece.model cannot be loaded (%(error)s)"), file=name, error=str(exc)
        ) from None


def install_file(
    packages_dir: str | Path, path: str | Path, from_code: str | None = FROM_CODE, to_code: str | None = TO_CODE
) -> dict:
    """Validate and install a .argosmodel file, replacing any package for the same pair.

    The file is unpacked by argostranslate into a staging folder and moved into place only
    when complete, so a failure leaves the installed packages as they were.
    """
    top, _metadata = validate_package(path, from_code, to_code)
    with _argos(packages_dir) as (package, settings):
        packages = settings.package_data_dir
        staging_root = packages.parent / "argos-home" / "staging"
        staging_root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix="install-", dir=staging_root))
        try:
            settings.package_data_dir = staging
            try:
                _install_from_path(package, Path(path))
            except Exception as exc:  # argostranslate raises bare Exception for bad archives
                raise EngineError(
                    N_("Installing %(file)s failed: %(error)s"), file=Path(path).name, error=str(exc)
                ) from None
            finally:
                settings.package_data_dir = packages
            try:
                new = package.Package(staging / top)
                replaced = _swap_in(package, packages, staging, new, top)
            except (OSError, ValueError) as exc:
                raise EngineError(
                    N_("Installing %(file)s failed: %(error)s"), file=Path(path).name, error=str(exc)
                ) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        installed = _describe(package.Package(packages / top))
        installed["replaced"] = replaced
        log.info(
            "installed Argos package %s %s into %s",
            installed["name"],
            installed["version"],
            packages,
        )
        return installed


def _swap_in(package, packages: Path, staging: Path, new, top: str) -> list[str]:
    """Move the staged package into place; packages for its pair are set aside, then dropped."""
    aside = staging / ".replaced"
    aside.mkdir()
    replaced = []
    for folder in sorted(p for p in packages.iterdir() if p.is_dir()):
        try:
            old = package.Package(folder)
        except (OSError, ValueError):
            continue
        if folder.name == top or (old.from_code, old.to_code) == (new.from_code, new.to_code):
            shutil.move(str(folder), str(aside / folder.name))
            replaced.append(f"{folder.name} {old.package_version}")
    try:
        shutil.move(str(staging / top), str(packages / top))
    except OSError:
        for folder in aside.iterdir():  # put the old packages back
            shutil.move(str(folder), str(packages / folder.name))
        raise
    return replaced


# --- translation ----------------------------------------------------------------------------------


# What argostranslate.translate imports and Paralelo leaves out (setup.sh installs argostranslate
# with --no-deps): newer argostranslate releases import that module after unpacking a package,
# only to clear a cache of installed languages that Paralelo never reads.
_LEFT_OUT = {"stanza", "spacy", "torch", "minisbd", "onnxruntime", "sacremoses"}


def _install_from_path(package, path: Path) -> None:
    """argostranslate's install_from_path, tolerating the left-out stack after the package is unpacked."""
    try:
        package.install_from_path(path)
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in _LEFT_OUT:
            raise
        log.debug("argostranslate could not import %s after unpacking %s (not needed)", exc.name, path.name)
