"""Compression for every text response, and static files under content-hashed URLs cached for a year.

A plain file gets `?v=<hash of the file>`. ES modules import each other by relative paths, which a
query string does not reach, so a folder of modules is served under a path that names the hash of
every file in it: `module_url("reader/main.js")` is `/static/m/<folder hash>/reader/main.js`, and its
`import "./card.js"` resolves to `/static/m/<folder hash>/reader/card.js`. Any change to any module
changes every module's URL; each URL is cached for a year. No build step, no import map (which the
CSP would have to allow inline).
"""

from __future__ import annotations

import hashlib
import re
import threading
from pathlib import Path

from cachetools import LRUCache
from flask import Flask, g, request, send_from_directory, url_for
from flask_compress import Compress

YEAR = 365 * 24 * 3600
COMPRESSED_TYPES = [
    "text/html", "text/css", "text/plain", "text/xml", "application/json", "application/javascript",
    "text/javascript", "application/xml", "image/svg+xml",
]


def file_hashes(folder: str | Path) -> dict[str, str]:
    """A short content hash per static file (relative path with '/'), computed once at start."""
    root = Path(folder)
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


_IMPORT = re.compile(
    r"""^\s*(?:import|export)\b[^"']*?\bfrom\s*["']\./([\w.-]+\.js)["']"""  # import {a} from "./a.js"
    r"""|^\s*import\s*["']\./([\w.-]+\.js)["']""",  # import "./a.js"
    re.MULTILINE)


def module_imports(folder: str | Path) -> dict[str, list[str]]:
    """Each ES module's relative imports within its own folder ("reader/main.js" -> ["reader/dom.js", ...])."""
    root = Path(folder)
    graph: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.js")) if root.is_dir() else []:
        name = path.relative_to(root).as_posix()
        base = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
        found = [a or b for a, b in _IMPORT.findall(path.read_text("utf-8"))]
        graph[name] = [base + f for f in dict.fromkeys(found)]
    return graph


def closure(graph: dict[str, list[str]], entry: str) -> list[str]:
    """Every module `entry` imports, directly or not, in the order first met (the entry left out)."""
    seen: list[str] = []
    todo = list(graph.get(entry, []))
    while todo:
        name = todo.pop(0)
        if name not in seen and name != entry:
            seen.append(name)
            todo += graph.get(name, [])
    return seen


def folder_hashes(files: dict[str, str]) -> dict[str, str]:
    """A hash per top-level folder of the static files, over every file in it (names and contents)."""
    folders: dict = {}
    for name, digest in sorted(files.items()):
        if "/" in name:
            folder = name.split("/", 1)[0]
            folders.setdefault(folder, hashlib.sha256()).update(f"{name}:{digest}\n".encode())
    return {folder: h.hexdigest()[:12] for folder, h in folders.items()}


class CompressedBodies:
    """Flask-Compress cache backend: compressed bodies of the responses that named a reuse key.

    A view that serves the same bytes again (the cached reader page) sets g.compress_key, say to its
    ETag; every other response has an empty key, is compressed afresh and is not kept.
    """

    def __init__(self, size: int = 128):
        self._bodies: LRUCache = LRUCache(maxsize=size)
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        if key.endswith(";"):
            return None
        with self._lock:
            return self._bodies.get(key)

    def set(self, key: str, value: bytes) -> None:
        if not key.endswith(";"):
            with self._lock:
                self._bodies[key] = value


def compress_key(_request) -> str:
    """The key under which this response's compressed body may be reused ('' for none)."""
    return g.get("compress_key", "")


def init_app(app: Flask) -> None:
    """Register compression and hashed static URLs (url_for('static', ...) gains ?v=<hash>)."""
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    app.config.setdefault("COMPRESS_CACHE_BACKEND", CompressedBodies)
    app.config.setdefault("COMPRESS_CACHE_KEY", compress_key)
    app.extensions["paralelo.compress"] = Compress(app)
    hashes = file_hashes(app.static_folder or "")
    trees = folder_hashes(hashes)

    def module_url(filename: str) -> str:
        """The URL of an ES module (a file in a folder of static/) whose relative imports share its version."""
        folder = filename.split("/", 1)[0]
        return url_for("static_module", tree=trees.get(folder, "0"), filename=filename)

    def static_module(tree: str, filename: str):
        """A module under its folder's hash: immutable when the hash is current, revalidated otherwise."""
        response = send_from_directory(app.static_folder, filename)
        response.cache_control.public = True
        if tree == trees.get(filename.split("/", 1)[0]):
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
            response.cache_control.no_cache = None
        else:  # a page from before a new release: the current files, checked again next time
            response.cache_control.no_cache = True
        return response

    graph = module_imports(app.static_folder or "")

    def module_preloads(entry: str) -> list[str]:
        """The URLs of every module the entry imports: <link rel=modulepreload> fetches them all at once
        instead of one level of imports after another."""
        return [module_url(name) for name in closure(graph, entry)]

    app.add_url_rule("/static/m/<tree>/<path:filename>", "static_module", static_module)
    app.add_template_global(module_url, "module_url")
    app.add_template_global(module_preloads, "module_preloads")

    @app.url_defaults
    def hashed_static(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            digest = hashes.get(values["filename"])
            if digest:
                values["v"] = digest

    @app.after_request
    def cache_static(response):
        """A URL that names the file's current content never changes: cache it for a year."""
        if request.endpoint == "static" and response.status_code in (200, 304):
            name = (request.view_args or {}).get("filename")
            if name and request.args.get("v") and request.args.get("v") == hashes.get(name):
                response.cache_control.public = True
                response.cache_control.max_age = YEAR
                response.cache_control.immutable = True
                response.cache_control.no_cache = None
        return response
