"""One deadline for a whole fetch (connect, TLS, headers, body, every redirect), enforced.

Socket timeouts bound each read, not the sum of them: a server sending one header byte every few
seconds never trips them. `Deadline` is an httpcore network backend: every socket operation's
timeout is cut to the time left, and a watchdog shuts the connections down when the deadline
passes, which wakes any read still blocked (a TLS handshake reads many times under one timeout).
It shuts down a duplicate of each socket it made, never a file descriptor someone else may reuse.
No Flask here.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterable
from typing import Any

import httpcore

MIN_TIMEOUT = 0.001  # a socket timeout of 0 would mean non-blocking, not "time is up"


class Deadline(httpcore.NetworkBackend):
    """A network backend whose connections all end at `seconds` from now; use it as a context manager."""

    def __init__(self, seconds: float):
        self.at = time.monotonic() + seconds
        self.seconds = seconds
        self._backend = httpcore.SyncBackend()
        self._watched: list[socket.socket] = []
        self._lock = threading.Lock()
        self._expired = False
        self._timer = threading.Timer(max(0.0, seconds), self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            self._expired = True  # nothing made after this is watched
            watched, self._watched = self._watched, []
        for dup in watched:
            dup.close()

    @property
    def passed(self) -> bool:
        """True once the deadline is reached."""
        return time.monotonic() >= self.at

    def cap(self, timeout: float | None) -> float:
        """A socket operation's timeout, never past the deadline."""
        left = max(MIN_TIMEOUT, self.at - time.monotonic())
        return left if timeout is None else min(timeout, left)

    def watch(self, sock: socket.socket | None) -> None:
        """Shut this connection down when the deadline passes (now, if it has)."""
        if sock is None:
            return
        dup = sock.dup()
        with self._lock:
            if not self._expired:
                self._watched.append(dup)
                return
        _shut(dup)
        dup.close()

    def _expire(self) -> None:
        with self._lock:
            self._expired = True
            watched = list(self._watched)
        for dup in watched:
            _shut(dup)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(host, port, self.cap(timeout), local_address, socket_options)
        return _Stream(stream, self)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("page fetches use TCP only")

    def sleep(self, seconds: float) -> None:
        time.sleep(min(seconds, max(0.0, self.at - time.monotonic())))


class _Stream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline, watch: bool = True):
        self._inner, self._deadline = inner, deadline
        if watch:
            deadline.watch(inner.get_extra_info("socket"))

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.cap(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.cap(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        # the TLS socket is the watched connection (an SSL socket cannot be duplicated, and need
        # not be): shutting the duplicate down ends the handshake too
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, self._deadline.cap(timeout)),
                       self._deadline, watch=False)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:  # already closed by the other side
        pass
