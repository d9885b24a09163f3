"""Fixtures for the network tests: a fast, patient-enough HTTP policy and fault handlers.

Every server is pytest-httpserver on 127.0.0.1; nothing leaves the machine.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import urllib3.util.connection
from netdata.http import HttpPolicy
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

DATA = Path(__file__).resolve().parent.parent / "data" / "network"


LOCAL_HOSTS = ("127.0.0.1", "localhost")


@pytest.fixture(autouse=True)
def only_local_traffic(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that would connect anywhere but 127.0.0.1 fails instead of sending traffic.

    The redirect tests name private addresses; should the policy ever let one
    through, the connection is refused here rather than attempted.
    """
    connect = urllib3.util.connection.create_connection

    def local_only(address, *args, **kwargs):
        if address[0] not in LOCAL_HOSTS:
            raise OSError(f"test tried to connect to {address[0]}")
        return connect(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", local_only)


@pytest.fixture
def policy() -> HttpPolicy:
    """Short timeouts and no backoff, so retry and timeout tests stay fast.

    Redirects may lead to the test servers' own address (127.0.0.1), which the
    policy refuses by default; tests of that refusal build a policy without it.
    """
    return HttpPolicy(
        connect_timeout=2,
        read_timeout=0.3,
        retries=2,
        backoff=0,
        max_bytes=1_000_000,
        deadline=10,
        allow_networks=("127.0.0.1/32",),
    )


@pytest.fixture
def survey_dir(tmp_path: Path) -> Path:
    """A copy of tests/data/network/survey: the tests may overwrite it freely."""
    target = tmp_path / "survey"
    shutil.copytree(DATA / "survey", target)
    return target


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def stalled_url() -> Iterator[str]:
    """A URL whose server sends nothing until the test ends (longer than any read timeout).

    It has a threaded server of its own, so the retries that queue up behind the
    stalled request are all answered and gone before the next test starts.
    """
    release = threading.Event()

    def handler(request: Request) -> Response:
        release.wait(10)
        return Response("too late\n", content_type="text/csv")

    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.expect_request("/slow.csv").respond_with_handler(handler)
    server.start()
    try:
        yield server.url_for("/slow.csv")
    finally:
        release.set()
        server.stop()
