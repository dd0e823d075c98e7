"""Undo a response's Content-Encoding (gzip, deflate, br) a bounded piece at a time.

A few kilobytes of gzip or brotli can expand to gigabytes. Each decoder here produces at most
`piece` bytes per step (zlib's max_length, brotli's output_buffer_limit), so the caller can count
the decompressed bytes as they are produced and stop at its limit: memory stays within the limit,
one piece, and the decompressor's window (32 KiB for zlib, at most 16 MiB for brotli). No Flask here.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

from app.core.messages import N_, UserError

PIECE = 64 * 1024

try:  # brotli >= 1.2 bounds its output (output_buffer_limit); an older one is not offered to servers
    import brotli

    HAS_BROTLI = hasattr(brotli.Decompressor(), "can_accept_more_data")
    _DAMAGED: tuple[type[Exception], ...] = (zlib.error, brotli.error)
except ImportError:  # pragma: no cover (a dependency of Flask-Compress)
    HAS_BROTLI = False
    _DAMAGED = (zlib.error,)

ACCEPT_ENCODING = "gzip, deflate, br" if HAS_BROTLI else "gzip, deflate"


class ContentCodingError(UserError):
    """The body is compressed in a way that cannot be read; the message says why."""


class _Zlib:
    """gzip (members one after another) or deflate (zlib-wrapped, or raw as some servers send it)."""

    def __init__(self, gzip: bool):
        self._gzip = gzip
        self._head = b""  # deflate: the first two bytes tell a zlib header from raw data
        self._d = zlib.decompressobj(zlib.MAX_WBITS | 16) if gzip else None

    def feed(self, data: bytes, piece: int) -> Iterator[bytes]:
        if self._d is None:
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            self._d = zlib.decompressobj(zlib.MAX_WBITS if _zlib_header(data) else -zlib.MAX_WBITS)
        while data:
            out = self._d.decompress(data, piece)
            if out:
                yield out
            data = self._d.unconsumed_tail
            if self._d.eof:
                data = self._d.unused_data
                if not (self._gzip and data):
                    return  # trailing bytes after a deflate stream are ignored, as browsers do
                self._d = zlib.decompressobj(zlib.MAX_WBITS | 16)  # the next gzip member

    def flush(self, piece: int) -> Iterator[bytes]:
        # what is left after the last input is at most one match (258 bytes): no bomb fits in it
        out = self._d.flush() if self._d is not None and not self._d.eof else b""
        if out:
            yield out


def _zlib_header(head: bytes) -> bool:
    """RFC 1950: compression method 8 and a header checksum divisible by 31."""
    return head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0


class _Brotli:
    def __init__(self):
        self._d = brotli.Decompressor()

    def feed(self, data: bytes, piece: int) -> Iterator[bytes]:
        out = self._d.process(data, output_buffer_limit=piece)
        while out:  # more output may wait inside: ask with empty input until none comes
            yield out
            out = self._d.process(b"", output_buffer_limit=piece)

    def flush(self, piece: int) -> Iterator[bytes]:
        return iter(())


class _Identity:
    def feed(self, data: bytes, piece: int) -> Iterator[bytes]:
        for start in range(0, len(data), piece):
            yield data[start : start + piece]

    def flush(self, piece: int) -> Iterator[bytes]:
        return iter(())


def _decoder(name: str):
    if name in ("gzip", "x-gzip"):
        return _Zlib(gzip=True)
    if name == "deflate":
        return _Zlib(gzip=False)
    if name == "br" and HAS_BROTLI:
        return _Brotli()
    if name in ("identity", ""):
        return _Identity()
    raise ContentCodingError(N_("The page is compressed as '%(coding)s', which Paralelo cannot read."),
                             coding=name[:40])


def decoded(raw: Iterable[bytes], content_encoding: str, piece: int = PIECE) -> Iterator[bytes]:
    """The body's bytes with its codings undone (last applied, first undone), in pieces of at most `piece`."""
    names = [n.strip().lower() for n in content_encoding.split(",") if n.strip()]
    if len(names) > 3:
        raise ContentCodingError(N_("The page is compressed more than three times over."))
    stages = [_decoder(n) for n in reversed(names)] or [_Identity()]
    try:
        for chunk in raw:
            yield from _through(stages, chunk, piece)
        yield from _drain(stages, piece)
    except _DAMAGED as exc:
        raise ContentCodingError(N_("The page's compressed data is damaged (%(error)s)."),
                                 error=str(exc)[:200]) from None


def _through(stages: list, data: bytes, piece: int) -> Iterator[bytes]:
    """Data through every stage in turn, each piece passed on as soon as it is produced."""
    if not stages:
        yield data
        return
    first, rest = stages[0], stages[1:]
    for out in first.feed(data, piece):
        yield from _through(rest, out, piece)


def _drain(stages: list, piece: int) -> Iterator[bytes]:
    """What each stage still holds at the end of the body, through the stages after it."""
    for i, stage in enumerate(stages):
        for out in stage.flush(piece):
            yield from _through(stages[i + 1 :], out, piece)
