"""`import-meetup`: one Meetup.com event into content/events/, with its RSVP count.

The GraphQL endpoint is a local server; the token must reach it in the
Authorization header and appear nowhere else.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from invoke import Context
from invoke.exceptions import Exit
from meetup.frontmatter import parse
from netdata.errors import NetworkDataError
from netdata.http import HttpPolicy
from netdata.meetup_import import import_meetup
from pytest_httpserver import HTTPServer

import tasks

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "test-token-7f3a9c"
GROUP = "Demo-City-Cloud-Native"
EVENT_FILE = "demo-city-cloud-native-301234567.md"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content folder holding the demo group's page, so the import can name the group."""
    folder = tmp_path / "content"
    (folder / "groups").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "groups" / "demo-city-cloud-native.md", folder / "groups")
    return folder


@pytest.fixture
def answer(data_dir: Path) -> dict:
    return json.loads((data_dir / "meetup" / "event.json").read_text(encoding="utf-8"))


def serve(httpserver: HTTPServer, answer: dict) -> str:
    httpserver.expect_request("/gql", method="POST").respond_with_json(answer)
    return httpserver.url_for("/gql")


def read(path: Path) -> tuple[dict, str]:
    doc, problems = parse(path.read_text(encoding="utf-8"), str(path))
    assert problems == []
    return doc.data, doc.body.strip()


def test_the_event_file_follows_the_content_format(
    httpserver: HTTPServer, answer: dict, content: Path, policy: HttpPolicy
):
    endpoint = serve(httpserver, answer)

    [result] = import_meetup(GROUP, "301234567", TOKEN, content, policy, endpoint=endpoint)

    assert (result.action, result.path) == ("created", content / "events" / EVENT_FILE)
    data, body = read(result.path)
    assert data.pop("imported")["source"] == "meetup:Demo-City-Cloud-Native/301234567"
    assert data == {
        "title": "Demo City Cloud Native #16",
        "group": "demo-city-cloud-native",
        "date": "2027-02-11",
        "start": "18:00",
        "end": "21:00",
        "timezone": "Europe/Berlin",
        "venue": {
            "name": "Example Hall",
            "address": "1 Example Street, 12345 Demo City, DE",
            "lat": 50.1234,
            "lon": 8.5678,
        },
        "rsvps": 57,
    }
    assert body == "Two talks on running small clusters, then pizza.\n\nDoors open at 17:30."


def test_the_query_asks_for_the_event_with_the_token_in_the_header(
    httpserver: HTTPServer, answer: dict, content: Path, policy: HttpPolicy
):
    endpoint = serve(httpserver, answer)

    import_meetup(GROUP, "301234567", TOKEN, content, policy, endpoint=endpoint)

    [(request, _)] = httpserver.log
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.json["variables"] == {"eventId": "301234567"}
    assert "going" in request.json["query"]


def test_the_token_is_written_nowhere(httpserver: HTTPServer, answer: dict, content: Path, policy: HttpPolicy):
    endpoint = serve(httpserver, answer)

    import_meetup(GROUP, "301234567", TOKEN, content, policy, endpoint=endpoint)

    written = [p.read_text(encoding="utf-8") for p in content.rglob("*") if p.is_file()]
    assert written and not any(TOKEN in text for text in written)


def test_a_utc_start_is_shown_in_the_events_local_time(
    httpserver: HTTPServer, answer: dict, content: Path, policy: HttpPolicy
):
    # 17:00 UTC is 18:00 in Berlin in February (CET, UTC+1); 23:30 UTC is past midnight there
    answer["data"]["event"]["dateTime"] = "2027-02-11T23:30:00Z"
    answer["data"]["event"]["endTime"] = None
    endpoint = serve(httpserver, answer)

    [result] = import_meetup(GROUP, "301234567", TOKEN, content, policy, endpoint=endpoint)

    data, _ = read(result.path)
    assert (data["date"], data["start"]) == ("2027-02-12", "00:30")
    assert "end" not in data


def test_a_new_rsvp_count_updates_an_untouched_file(
    httpserver: HTTPServer, answer: dict, content: Path, policy: HttpPolicy
):
    endpoint = serve(httpserver, answer)
    import_meetup(GROUP, "301234567", TOKEN, content, policy, endpoint=endpoint)
    httpserver.clear()
    answer["data"]["event"]["going"] = 64
    serve(httpserver, answer)

    [result] = import_meetup(GROUP, "301234567", TOKEN, content, policy, endpoint=endpoint)

    assert result.action == "updated"
    assert read(result.path)[0]["rsvps"] == 64


def test_a_recap_written_into_the_file_is_kept(httpserver: HTTPServer, answer: dict, content: Path, policy: HttpPolicy):
    endpoint = serve(httpserver, answer)
    [first] = import_meetup(GROUP, "301234567", TOKEN, content, policy, endpoint=endpoint)
    first.path.write_text(first.path.read_text(encoding="utf-8") + "\nWhat a night: the recap.\n", encoding="utf-8")
    kept = first.path.read_bytes()

    [again] = import_meetup(GROUP, "301234567", TOKEN, content, policy, endpoint=endpoint)

    assert again.action == "skipped"
    assert first.path.read_bytes() == kept


def test_an_event_of_another_group_is_refused(httpserver: HTTPServer, answer: dict, content: Path, policy: HttpPolicy):
    endpoint = serve(httpserver, answer)

    with pytest.raises(NetworkDataError) as exc_info:
        import_meetup("Docker-Brno", "301234567", TOKEN, content, policy, endpoint=endpoint)

    assert [p.message for p in exc_info.value.problems] == [
        "the event belongs to group 'Demo-City-Cloud-Native', not 'Docker-Brno'"
    ]
    assert not (content / "events").exists()


@pytest.mark.parametrize(
    ("answer_file", "messages"),
    [
        ("not-found.json", ["event 301234567 not found"]),
        (
            "errors.json",
            [
                "GraphQL error: Variable 'eventId' has an invalid value",
                "GraphQL error: Not authorized to view this event",
            ],
        ),
    ],
)
def test_graphql_answers_without_an_event_are_reported(
    httpserver: HTTPServer,
    data_dir: Path,
    content: Path,
    policy: HttpPolicy,
    answer_file: str,
    messages: list[str],
):
    endpoint = serve(httpserver, json.loads((data_dir / "meetup" / answer_file).read_text()))

    with pytest.raises(NetworkDataError) as exc_info:
        import_meetup(GROUP, "301234567", TOKEN, content, policy, endpoint=endpoint)

    assert [p.message for p in exc_info.value.problems] == messages
    assert not (content / "events").exists()


def test_malformed_json_from_the_api_is_reported(httpserver: HTTPServer, content: Path, policy: HttpPolicy):
    httpserver.expect_request("/gql").respond_with_data('{"data": {"event": ', content_type="application/json")

    with pytest.raises(NetworkDataError) as exc_info:
        import_meetup(GROUP, "301234567", TOKEN, content, policy, endpoint=httpserver.url_for("/gql"))

    [problem] = exc_info.value.problems
    assert (problem.line, problem.column, problem.message) == (
        1,
        20,
        "malformed JSON in the answer",
    )


def test_an_unauthorised_token_is_reported_without_showing_it(
    httpserver: HTTPServer, content: Path, policy: HttpPolicy
):
    httpserver.expect_request("/gql").respond_with_data("denied", status=401)

    with pytest.raises(NetworkDataError) as exc_info:
        import_meetup(GROUP, "301234567", TOKEN, content, policy, endpoint=httpserver.url_for("/gql"))

    assert [p.message for p in exc_info.value.problems] == ["HTTP 401 UNAUTHORIZED"]
    assert TOKEN not in str(exc_info.value)


def test_the_task_needs_the_token_in_the_environment(
    monkeypatch: pytest.MonkeyPatch, content: Path, capsys: pytest.CaptureFixture
):
    monkeypatch.delenv("MEETUP_TOKEN", raising=False)

    with pytest.raises(Exit) as exc_info:
        tasks.import_meetup(Context(), group=GROUP, event="301234567", content=str(content))

    assert exc_info.value.code == 1
    assert capsys.readouterr().err.splitlines() == [
        "MEETUP_TOKEN is not set: export a Meetup OAuth access token in that variable"
    ]


def test_the_task_reads_the_token_and_reports_the_file(
    httpserver: HTTPServer,
    answer: dict,
    monkeypatch: pytest.MonkeyPatch,
    content: Path,
    capsys: pytest.CaptureFixture,
):
    endpoint = serve(httpserver, answer)
    monkeypatch.setenv("MEETUP_TOKEN", TOKEN)

    tasks.import_meetup(Context(), group=GROUP, event="301234567", content=str(content), endpoint=endpoint)

    out = capsys.readouterr()
    assert out.out.splitlines() == [
        f"created: events/{EVENT_FILE}",
        "1 created, 0 updated, 0 unchanged, 0 skipped",
    ]
    assert TOKEN not in out.out + out.err
