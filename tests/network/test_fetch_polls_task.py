"""`invoke fetch-polls` as a user runs it: a summary line per source, non-zero exit on failure."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from invoke import Context
from invoke.exceptions import Exit
from pytest_httpserver import HTTPServer

import tasks

ROOT = Path(__file__).resolve().parents[2]
INVOKE = Path(sys.executable).with_name("invoke")


def write_settings(folder: Path, sheets: list[dict]) -> Path:
    path = folder / "pelicanconf.py"
    path.write_text(
        f"POLLS_REMOTE_SHEETS = {sheets!r}\n"
        "POLLS_FETCH_TIMEOUT = (2, 0.3)\n"
        "POLLS_FETCH_RETRIES = 1\n"
        "POLLS_FETCH_BACKOFF = 0\n",
        encoding="utf-8",
    )
    return path


def test_a_failing_source_exits_non_zero_and_keeps_the_file(
    httpserver: HTTPServer, tmp_path: Path, survey_dir: Path, capsys: pytest.CaptureFixture
):
    httpserver.expect_request("/brno2").respond_with_data("down", status=500)
    url = httpserver.url_for("/brno2")
    settings = write_settings(tmp_path, [{"url": url, "file": "docker-brno-2.csv"}])
    before = (survey_dir / "docker-brno-2.csv").read_bytes()

    with pytest.raises(Exit) as exc_info:
        tasks.fetch_polls(Context(), settings=str(settings), survey=str(survey_dir))

    assert exc_info.value.code == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{survey_dir}/docker-brno-2.csv: failed: "
        "HTTP 500 INTERNAL SERVER ERROR (after 1 retries); kept the last good file"
    ]
    assert (survey_dir / "docker-brno-2.csv").read_bytes() == before


def test_bad_settings_are_reported_without_fetching(
    httpserver: HTTPServer, tmp_path: Path, survey_dir: Path, capsys: pytest.CaptureFixture
):
    settings = write_settings(tmp_path, [{"url": httpserver.url_for("/x"), "file": "../x.csv"}])

    with pytest.raises(Exit):
        tasks.fetch_polls(Context(), settings=str(settings), survey=str(survey_dir))

    assert capsys.readouterr().err.splitlines() == [
        "pelicanconf.py: POLLS_REMOTE_SHEETS entry 1: file must be a plain file name ending in .csv"
    ]
    assert httpserver.log == []


def test_no_remote_sheets_is_not_an_error(tmp_path: Path, survey_dir: Path, capsys):
    settings = write_settings(tmp_path, [])

    tasks.fetch_polls(Context(), settings=str(settings), survey=str(survey_dir))

    assert capsys.readouterr().out.splitlines() == ["POLLS_REMOTE_SHEETS is empty: no remote poll sheets to fetch"]


def test_the_command_line_exits_non_zero_without_a_traceback(httpserver: HTTPServer, tmp_path: Path, survey_dir: Path):
    httpserver.expect_request("/brno2").respond_with_data("<html></html>", content_type="text/html")
    url = httpserver.url_for("/brno2")
    settings = write_settings(tmp_path, [{"url": url, "file": "docker-brno-2.csv"}])

    run = subprocess.run(
        [str(INVOKE), "fetch-polls", "--settings", str(settings), "--survey", str(survey_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        f"{survey_dir}/docker-brno-2.csv: failed: unexpected content type text/html "
        "(expected application/csv, application/octet-stream, application/vnd.ms-excel, "
        "text/comma-separated-values, text/csv, text/plain); kept the last good file"
    ]
    assert run.stdout.splitlines() == ["0 of 1 poll sheets fetched or up to date"]


def test_a_good_sheet_is_fetched_and_summarised(
    httpserver: HTTPServer, tmp_path: Path, survey_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture
):
    sheet = (data_dir / "sheets" / "docker-brno-2.csv").read_bytes()
    httpserver.expect_request("/brno2").respond_with_data(sheet, content_type="text/csv")
    url = httpserver.url_for("/brno2")
    settings = write_settings(tmp_path, [{"url": url, "file": "docker-brno-2.csv"}])

    tasks.fetch_polls(Context(), settings=str(settings), survey=str(survey_dir))

    assert capsys.readouterr().out.splitlines() == [
        f"{survey_dir}/docker-brno-2.csv: updated: downloaded {len(sheet):,} bytes from {url}",
        "1 of 1 poll sheets fetched or up to date",
    ]
    assert (survey_dir / "docker-brno-2.csv").read_bytes() == sheet


@pytest.fixture
def project(tmp_path: Path, data_dir: Path) -> Path:
    """A copy of tests/data/network/project: one event (docker-brno-2) whose tally answers `student`."""
    target = tmp_path / "project"
    shutil.copytree(data_dir / "project", target)
    return target


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def fetch_into_project(server: HTTPServer, project: Path, sheet: Path, file: str) -> int:
    """Serve ``sheet`` and run `invoke fetch-polls` for it as ``file``; the task's exit code."""
    server.expect_request("/sheet").respond_with_data(sheet.read_bytes(), content_type="text/csv")
    settings = write_settings(project, [{"url": server.url_for("/sheet"), "file": file}])
    try:
        tasks.fetch_polls(Context(), settings=str(settings), survey=str(project / "survey"))
    except Exit as exc:
        return exc.code
    return 0


@pytest.mark.parametrize(
    ("file", "reason"),
    [
        pytest.param(
            "docker-brno-9.csv",
            "no event 'docker-brno-9' on the site: name the poll file (or its `event:`) after an event's slug "
            "(did you mean the event 'docker-brno-2'?)",
            id="named-after-no-event",
        ),
        pytest.param(
            "docker-brno-2.csv",
            "{survey}/docker-brno-2.yaml: question 'student' of meetup 'docker-brno-2' is also answered in "
            "{survey}/docker-brno-2.csv",
            id="answers-what-the-meetup-tally-answers",
        ),
    ],
)
def test_a_sheet_the_next_build_would_reject_is_not_written(
    httpserver: HTTPServer, project: Path, data_dir: Path, capsys: pytest.CaptureFixture, file: str, reason: str
):
    survey = project / "survey"
    before = folder_bytes(survey)

    code = fetch_into_project(httpserver, project, data_dir / "sheets" / "docker-brno-2.csv", file)

    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{survey}/{file}: failed: {reason.format(survey=survey)}; no local copy yet"
    ]
    assert folder_bytes(survey) == before
