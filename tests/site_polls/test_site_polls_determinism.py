"""The same content and polls give the same site, byte for byte, whether charts are drawn or reused."""

from __future__ import annotations

from pollsite import tree_digest


def test_a_cold_and_a_warm_build_are_byte_identical(cold_build, warm_build):
    cold, warm = tree_digest(cold_build.output), tree_digest(warm_build.output)

    assert sorted(cold) == sorted(warm)
    assert [path for path in cold if cold[path] != warm[path]] == []


def test_the_builds_wrote_poll_pages(cold_build):
    # guards the comparison above against two equally empty poll sections
    written = tree_digest(cold_build.output)

    assert "polls/index.html" in written
    assert any(path.startswith("polls/") and path.count("/") >= 2 for path in written)
