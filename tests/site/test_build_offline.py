"""`invoke build` never touches the network: a build with every socket call refused still succeeds.

The sample site has hosted slides, a YouTube recording and external links, so a build
that fetched anything (an oEmbed lookup, a thumbnail, a font) would trip here.  The
patch is in place before the chart workers fork, so they inherit it too.
"""

from __future__ import annotations

import socket

from builtsite import NOW, SAMPLE_CONTENT, SETTINGS
from recap_build.build import build


def test_a_cold_build_of_the_sample_site_opens_no_network_connection(tmp_path, monkeypatch):
    attempts: list[str] = []

    def refuse(name):
        def call(*args, **kwargs):
            attempts.append(f"{name}{args[1:] if name == 'connect' else args}")
            raise OSError(f"network access during the build: {name}{args}")

        return call

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))

    result = build(SETTINGS, tmp_path / "output",
                   {"PATH": str(SAMPLE_CONTENT), "MEETUP_NOW": NOW, "CACHE_PATH": str(tmp_path / "cache")})

    assert result.ok, [str(p) for p in result.problems] + result.errors
    assert attempts == []
    assert (tmp_path / "output" / "talks" / "demo-docker-101" / "index.html").is_file()
    assert any((tmp_path / "cache").rglob("*.svg")), "the build rendered its charts in this test"
