"""`fetch-polls`: remote poll sheets land in survey/ only when they are good.

A failing, offline or wrong source leaves the last good file byte for byte in
place and says so; a good one replaces it atomically and its ETag/Last-Modified
are kept for the next conditional request.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from kernel.problems import Problem
from netdata.errors import NetworkDataError
from netdata.fetch_polls import STATE_FILE, RemoteSheet, fetch_polls, parse_sheets
from netdata.http import HttpPolicy
from polls.errors import PollDataError
from pytest_httpserver import HTTPServer


def accept(path: Path) -> None:
    """A validator that accepts every file (the engine is tested on its own)."""


def rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def new_sheet(data_dir: Path) -> bytes:
    return (data_dir / "sheets" / "docker-brno-2.csv").read_bytes()


def test_a_new_sheet_replaces_the_old_file(
    httpserver: HTTPServer, policy: HttpPolicy, survey_dir: Path, new_sheet: bytes
):
    httpserver.expect_request("/brno2").respond_with_data(new_sheet, content_type="text/csv", headers={"ETag": '"v2"'})
    sheet = RemoteSheet(httpserver.url_for("/brno2"), "docker-brno-2.csv")

    [result] = fetch_polls([sheet], survey_dir, policy, validate=accept)

    assert result.outcome == "updated"
    assert (survey_dir / "docker-brno-2.csv").read_bytes() == new_sheet
    assert len(rows(survey_dir / "docker-brno-2.csv")) == 5  # header + four respondents


def test_a_sheet_without_local_copy_is_created(
    httpserver: HTTPServer, policy: HttpPolicy, tmp_path: Path, new_sheet: bytes
):
    httpserver.expect_request("/brno2").respond_with_data(new_sheet, content_type="text/csv")
    sheet = RemoteSheet(httpserver.url_for("/brno2"), "docker-brno-2.csv")

    [result] = fetch_polls([sheet], tmp_path / "survey", policy, validate=accept)

    assert result.outcome == "created"
    assert (tmp_path / "survey" / "docker-brno-2.csv").read_bytes() == new_sheet


def test_the_etag_and_last_modified_are_kept_in_the_state_file(
    httpserver: HTTPServer, policy: HttpPolicy, survey_dir: Path, new_sheet: bytes
):
    stamp = "Thu, 15 Oct 2015 20:00:00 GMT"
    httpserver.expect_request("/brno2").respond_with_data(
        new_sheet, content_type="text/csv", headers={"ETag": '"v2"', "Last-Modified": stamp}
    )
    url = httpserver.url_for("/brno2")

    fetch_polls([RemoteSheet(url, "docker-brno-2.csv")], survey_dir, policy, validate=accept)

    state = json.loads((survey_dir / STATE_FILE).read_text(encoding="utf-8"))
    assert state == {
        "docker-brno-2.csv": {
            "url": url,
            "etag": '"v2"',
            "last_modified": stamp,
            "sha256": hashlib.sha256(new_sheet).hexdigest(),
        }
    }


def test_the_next_fetch_is_conditional_and_not_modified_keeps_the_file(
    httpserver: HTTPServer, policy: HttpPolicy, survey_dir: Path, new_sheet: bytes
):
    stamp = "Thu, 15 Oct 2015 20:00:00 GMT"
    httpserver.expect_ordered_request("/brno2").respond_with_data(
        new_sheet, content_type="text/csv", headers={"ETag": '"v2"', "Last-Modified": stamp}
    )
    httpserver.expect_ordered_request(
        "/brno2", headers={"If-None-Match": '"v2"', "If-Modified-Since": stamp}
    ).respond_with_data("", status=304)
    sheet = RemoteSheet(httpserver.url_for("/brno2"), "docker-brno-2.csv")
    fetch_polls([sheet], survey_dir, policy, validate=accept)

    [result] = fetch_polls([sheet], survey_dir, policy, validate=accept)

    assert (result.outcome, result.detail) == ("unchanged", "not modified since the last fetch")
    assert (survey_dir / "docker-brno-2.csv").read_bytes() == new_sheet
    httpserver.check_assertions()


def test_a_failing_source_keeps_the_last_good_file_and_says_so(
    httpserver: HTTPServer, policy: HttpPolicy, survey_dir: Path
):
    httpserver.expect_request("/brno2").respond_with_data("down", status=503)
    before = snapshot(survey_dir)

    [result] = fetch_polls(
        [RemoteSheet(httpserver.url_for("/brno2"), "docker-brno-2.csv")],
        survey_dir,
        policy,
        validate=accept,
    )

    assert result.outcome == "failed"
    assert result.detail.endswith("; kept the last good file")
    assert snapshot(survey_dir) == before


def test_an_offline_source_does_not_stop_the_others(
    httpserver: HTTPServer, policy: HttpPolicy, survey_dir: Path, new_sheet: bytes
):
    httpserver.expect_request("/brno3").respond_with_data(new_sheet, content_type="text/csv")
    offline = RemoteSheet("http://127.0.0.1:9/brno2", "docker-brno-2.csv")  # port 9: discard
    online = RemoteSheet(httpserver.url_for("/brno3"), "docker-brno-3.csv")
    old = (survey_dir / "docker-brno-2.csv").read_bytes()

    results = fetch_polls([offline, online], survey_dir, policy, validate=accept)

    assert [r.outcome for r in results] == ["failed", "created"]
    assert results[0].problems[0].message.startswith("cannot connect")
    assert (survey_dir / "docker-brno-2.csv").read_bytes() == old
    assert (survey_dir / "docker-brno-3.csv").read_bytes() == new_sheet


def test_an_html_page_instead_of_csv_is_refused(
    httpserver: HTTPServer, policy: HttpPolicy, survey_dir: Path, data_dir: Path
):
    # a sheet that is no longer published answers with a login page, sometimes as text/plain
    page = (data_dir / "sheets" / "login-page.html").read_bytes()
    httpserver.expect_request("/brno2").respond_with_data(page, content_type="text/plain")
    before = snapshot(survey_dir)

    [result] = fetch_polls(
        [RemoteSheet(httpserver.url_for("/brno2"), "docker-brno-2.csv")],
        survey_dir,
        policy,
        validate=accept,
    )

    assert result.outcome == "failed"
    assert result.problems[0].message.startswith("the download is an HTML page, not CSV")
    assert snapshot(survey_dir) == before


def test_a_wrong_content_type_is_refused(
    httpserver: HTTPServer, policy: HttpPolicy, survey_dir: Path, new_sheet: bytes
):
    httpserver.expect_request("/brno2").respond_with_data(new_sheet, content_type="image/png")
    before = snapshot(survey_dir)

    [result] = fetch_polls(
        [RemoteSheet(httpserver.url_for("/brno2"), "docker-brno-2.csv")],
        survey_dir,
        policy,
        validate=accept,
    )

    assert result.problems[0].message.startswith("unexpected content type image/png")
    assert snapshot(survey_dir) == before


def test_a_file_the_poll_engine_rejects_is_not_written(
    httpserver: HTTPServer, policy: HttpPolicy, survey_dir: Path, new_sheet: bytes
):
    seen: list[bytes] = []

    def reject(path: Path) -> None:
        seen.append(path.read_bytes())
        raise PollDataError(
            [
                Problem(str(path), 1, 2, "unknown question 'Are you a student?'"),
                Problem(str(path), 1, 3, "unknown question 'Do you run containers?'"),
            ]
        )

    httpserver.expect_request("/brno2").respond_with_data(new_sheet, content_type="text/csv")
    url = httpserver.url_for("/brno2")
    before = snapshot(survey_dir)

    [result] = fetch_polls([RemoteSheet(url, "docker-brno-2.csv")], survey_dir, policy, validate=reject)

    assert seen == [new_sheet]
    assert result.outcome == "failed"
    assert [(p.file, p.line, p.column) for p in result.problems] == [
        (f"{url} (docker-brno-2.csv)", 1, 2),
        (f"{url} (docker-brno-2.csv)", 1, 3),
    ]
    assert snapshot(survey_dir) == before


def test_a_truncated_download_leaves_no_partial_file(
    httpserver: HTTPServer, policy: HttpPolicy, survey_dir: Path, new_sheet: bytes
):
    from netfaults import truncated

    httpserver.expect_request("/brno2").respond_with_handler(truncated(new_sheet[:40], len(new_sheet)))
    before = snapshot(survey_dir)

    [result] = fetch_polls(
        [RemoteSheet(httpserver.url_for("/brno2"), "docker-brno-2.csv")],
        survey_dir,
        policy,
        validate=accept,
    )

    assert result.outcome == "failed"
    assert snapshot(survey_dir) == before


def test_settings_entries_are_checked_all_at_once():
    raw = [
        {"url": "https://example.org/a.csv", "file": "../content/a.csv"},
        {"url": "ftp://example.org/b.csv", "file": "b.csv"},
        {"file": "c.csv"},
        "https://example.org/d.csv",
        {"url": "https://example.org/e.csv", "file": "e.csv"},
    ]

    with pytest.raises(NetworkDataError) as exc_info:
        parse_sheets(raw)

    assert [p.message.split(":")[0] for p in exc_info.value.problems] == [
        "POLLS_REMOTE_SHEETS entry 1",
        "POLLS_REMOTE_SHEETS entry 2",
        "POLLS_REMOTE_SHEETS entry 3",
        "POLLS_REMOTE_SHEETS entry 4 must be a mapping with url and file",
    ]


def test_good_settings_become_remote_sheets():
    raw = [{"url": "https://docs.example.org/pub?output=csv", "file": "docker-brno-2.csv"}]

    assert parse_sheets(raw) == [RemoteSheet("https://docs.example.org/pub?output=csv", "docker-brno-2.csv")]


def test_the_poll_engine_accepts_a_sheet_that_matches_the_catalog(
    httpserver: HTTPServer, policy: HttpPolicy, survey_dir: Path, new_sheet: bytes
):
    httpserver.expect_request("/brno2").respond_with_data(new_sheet, content_type="text/csv")

    [result] = fetch_polls([RemoteSheet(httpserver.url_for("/brno2"), "docker-brno-2.csv")], survey_dir, policy)

    assert result.outcome == "updated"
    assert (survey_dir / "docker-brno-2.csv").read_bytes() == new_sheet


def test_the_poll_engine_rejects_an_answer_the_catalog_does_not_know(
    httpserver: HTTPServer, policy: HttpPolicy, survey_dir: Path, data_dir: Path
):
    sheet = data_dir / "sheets" / "docker-brno-2-unknown-option.csv"
    httpserver.expect_request("/brno2").respond_with_data(sheet.read_bytes(), content_type="text/csv")
    url = httpserver.url_for("/brno2")
    before = snapshot(survey_dir)
    # the answer "Maybe" sits in row 2, column 2 of the sheet
    [row, column] = next((i, r.index("Maybe") + 1) for i, r in enumerate(rows(sheet), start=1) if "Maybe" in r)

    [result] = fetch_polls([RemoteSheet(url, "docker-brno-2.csv")], survey_dir, policy)

    assert result.outcome == "failed"
    [problem] = result.problems
    assert (problem.file, problem.line, problem.column) == (f"{url} (docker-brno-2.csv)", row, column)
    assert "Maybe" in problem.message
    assert snapshot(survey_dir) == before


def test_a_broken_local_file_does_not_block_a_good_download(
    httpserver: HTTPServer, policy: HttpPolicy, survey_dir: Path, new_sheet: bytes, data_dir: Path
):
    broken = (data_dir / "sheets" / "docker-brno-2-unknown-option.csv").read_bytes()
    (survey_dir / "docker-brno-1.csv").write_bytes(broken)
    httpserver.expect_request("/brno2").respond_with_data(new_sheet, content_type="text/csv")

    [result] = fetch_polls([RemoteSheet(httpserver.url_for("/brno2"), "docker-brno-2.csv")], survey_dir, policy)

    assert result.outcome == "updated"


def test_a_sheet_redirected_to_a_private_address_is_refused_and_the_file_kept(
    httpserver: HTTPServer, policy: HttpPolicy, survey_dir: Path
):
    target = f"http://169.254.169.254:{httpserver.port}/latest/meta-data/"
    httpserver.expect_request("/brno2").respond_with_data("", status=302, headers={"Location": target})
    before = snapshot(survey_dir)

    [result] = fetch_polls(
        [RemoteSheet(httpserver.url_for("/brno2"), "docker-brno-2.csv")], survey_dir, policy, validate=accept
    )

    assert (result.outcome, result.problems[0].message) == (
        "failed",
        f"redirected to a private or loopback address (169.254.169.254): {target}",
    )
    assert snapshot(survey_dir) == before


def test_a_sheet_for_an_event_the_site_does_not_have_is_refused_at_its_first_line(
    httpserver: HTTPServer, policy: HttpPolicy, tmp_path: Path, data_dir: Path, new_sheet: bytes
):
    from meetup.standalone import load_site, poll_events

    survey = tmp_path / "survey"
    shutil.copytree(data_dir / "project" / "survey", survey)
    events = poll_events(load_site(data_dir / "project" / "content"))
    httpserver.expect_request("/brno9").respond_with_data(new_sheet, content_type="text/csv")
    url = httpserver.url_for("/brno9")

    [result] = fetch_polls([RemoteSheet(url, "docker-brno-9.csv")], survey, policy, events=events)

    assert result.outcome == "failed"
    assert [str(p) for p in result.problems] == [
        f"{url} (docker-brno-9.csv):1:1: no event 'docker-brno-9' on the site: name the poll file "
        "(or its `event:`) after an event's slug (did you mean the event 'docker-brno-2'?)"
    ]
    assert not (survey / "docker-brno-9.csv").exists()


def test_a_sheet_for_an_event_of_the_site_is_created(
    httpserver: HTTPServer, policy: HttpPolicy, tmp_path: Path, data_dir: Path
):
    from meetup.standalone import load_site, poll_events

    survey = tmp_path / "survey"
    shutil.copytree(data_dir / "project" / "survey", survey)
    (survey / "docker-brno-2.yaml").unlink()  # the tally would answer `student` a second time
    events = poll_events(load_site(data_dir / "project" / "content"))
    sheet = (data_dir / "sheets" / "docker-brno-2.csv").read_bytes()
    httpserver.expect_request("/brno2").respond_with_data(sheet, content_type="text/csv")

    sheets = [RemoteSheet(httpserver.url_for("/brno2"), "docker-brno-2.csv")]
    [result] = fetch_polls(sheets, survey, policy, events=events)

    assert result.outcome == "created"
    assert (survey / "docker-brno-2.csv").read_bytes() == sheet
