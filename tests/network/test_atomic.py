"""Atomic writes: the file is replaced whole, keeps its permissions, and leaves no temp files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from netdata import atomic


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_permissions_the_umask_gives(tmp_path: Path):
    previous = os.umask(0o022)
    try:
        atomic.write_text(tmp_path / "a.md", "hello\n")
    finally:
        os.umask(previous)

    assert mode(tmp_path / "a.md") == 0o644


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path):
    target = tmp_path / "a.csv"
    target.write_text("old\n")
    target.chmod(0o640)

    atomic.write_bytes(target, b"new\n")

    assert (target.read_bytes(), mode(target)) == (b"new\n", 0o640)


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path: Path):
    target = tmp_path / "a.json"
    target.write_text('{"old": true}\n')

    with pytest.raises(TypeError):
        atomic.write_bytes(target, "text where bytes belong")  # fails inside the temp file

    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]
    assert target.read_text() == '{"old": true}\n'


def test_an_unreadable_state_file_counts_as_empty(tmp_path: Path):
    (tmp_path / "state.json").write_text("{not json")

    assert atomic.read_json(tmp_path / "state.json", {}) == {}
