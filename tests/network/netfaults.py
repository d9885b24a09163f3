"""Injected faults for the network tests: handlers for pytest-httpserver."""

from __future__ import annotations

import time
from collections.abc import Iterator

from werkzeug import Request, Response

CHUNK = 64 * 1024


class Stream:
    """A streamed response body that counts how many bytes the server produced."""

    def __init__(self, total: int, content_type: str = "text/csv", declare_length: bool = False):
        self.total = total
        self.produced = 0
        self.content_type = content_type
        self.declare_length = declare_length

    def _chunks(self) -> Iterator[bytes]:
        while self.produced < self.total:
            chunk = b"a," * (min(CHUNK, self.total - self.produced) // 2)
            self.produced += len(chunk)
            yield chunk

    def __call__(self, request: Request) -> Response:
        headers = {"Content-Length": str(self.total)} if self.declare_length else {}
        return Response(self._chunks(), content_type=self.content_type, headers=headers)


def truncated(body: bytes, declared: int, content_type: str = "text/csv"):
    """A handler whose Content-Length promises more than the body it sends."""

    def handler(request: Request) -> Response:
        # a generator body keeps werkzeug from correcting the Content-Length
        return Response(iter([body]), content_type=content_type, headers={"Content-Length": str(declared)})

    return handler


def drip(total: int, interval: float, content_type: str = "text/csv", declare_length: bool = False):
    """A handler that sends one byte every ``interval`` seconds, ``total`` bytes in all.

    Each byte comes well within any read timeout, so only a total deadline ends it.
    """

    def chunks() -> Iterator[bytes]:
        for _ in range(total):
            yield b"a"
            time.sleep(interval)

    def handler(request: Request) -> Response:
        headers = {"Content-Length": str(total)} if declare_length else {}
        return Response(chunks(), content_type=content_type, headers=headers)

    return handler


def redirect(location: str, status: int = 302):
    """A handler answering with a redirect to ``location``."""

    def handler(request: Request) -> Response:
        return Response("", status=status, headers={"Location": location})

    return handler
