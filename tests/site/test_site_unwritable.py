"""A project folder the build cannot write to: one clear line, a non-zero exit, nothing half-built."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from builtsite import ROOT


def test_an_output_folder_that_cannot_be_created_is_one_line(build_site, scenario, tmp_path):
    (tmp_path / "project").write_text("a file where the project folder should be", encoding="utf-8")
    result = build_site(scenario("single-group"), tmp_path / "project" / "output")
    assert not result.ok and result.errors == []
    assert [str(p) for p in result.problems] == [f"{tmp_path / 'project' / 'output'}: cannot write the site here: "
                                                 "File exists"]


def test_a_cache_folder_that_cannot_be_created_is_one_line_and_the_old_site_stays(build_site, scenario, tmp_path):
    output = tmp_path / "output"
    assert build_site(scenario("single-group"), output).ok
    before = sorted(p.relative_to(output) for p in output.rglob("*"))
    (tmp_path / "blocked").write_text("not a folder", encoding="utf-8")
    result = build_site(scenario("single-group"), output, CACHE_PATH=str(tmp_path / "blocked" / "cache"))
    assert [str(p) for p in result.problems] == [f"{tmp_path / 'blocked' / 'cache'}: cannot write the cache here: "
                                                 "Not a directory"]
    assert sorted(p.relative_to(output) for p in output.rglob("*")) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_invoke_build_in_a_read_only_project_folder_exits_non_zero_with_one_line(scenario, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    project.chmod(0o555)
    try:
        run = subprocess.run(
            [sys.executable, "-m", "invoke", "build", "--output", str(project / "output")],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
        )
    finally:
        project.chmod(0o755)
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    assert f"{project / 'output'}: cannot write the site here: Permission denied" in run.stdout + run.stderr
