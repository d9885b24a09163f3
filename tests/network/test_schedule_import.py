"""`import-schedule`: talk and speaker files from pretalx / frab JSON, never over hand edits.

The files written must read back as the content format describes (YAML front
matter, parsed here with the site's own front matter reader).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from invoke import Context
from invoke.exceptions import Exit
from meetup.frontmatter import parse
from netdata.errors import NetworkDataError
from netdata.http import HttpPolicy
from netdata.schedule_import import Speaker, Talk, documents, import_schedule
from pytest_httpserver import HTTPServer

import tasks


def front_matter(path: Path) -> dict:
    doc, problems = parse(path.read_text(encoding="utf-8"), str(path))
    assert problems == []
    return doc.data


def body(path: Path) -> str:
    doc, _ = parse(path.read_text(encoding="utf-8"), str(path))
    return doc.body.strip()


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def frab(data_dir: Path) -> str:
    return str(data_dir / "schedules" / "frab-schedule.json")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    (folder / "talks").mkdir(parents=True)
    (folder / "speakers").mkdir()
    return folder


def test_every_talk_with_speakers_gets_a_file_and_breaks_do_not(frab: str, content: Path, policy: HttpPolicy):
    results = import_schedule(frab, "demo-city-16", content, policy)

    assert sorted(p.name for p in (content / "talks").iterdir()) == [
        "hands-on-gitops-with-flux.md",
        "helm-charts-yaml-what-could-go-wrong.md",
        "kubernetes-the-hard-way-revisited.md",
    ]
    assert {r.action for r in results} == {"created"}


def test_talk_order_follows_the_start_times_across_rooms(frab: str, content: Path, policy: HttpPolicy):
    import_schedule(frab, "demo-city-16", content, policy)

    raw = json.loads(Path(frab).read_text(encoding="utf-8"))
    rooms = raw["schedule"]["conference"]["days"][0]["rooms"].values()
    by_start = sorted((t["date"], t["title"]) for room in rooms for t in room if t["persons"])
    talks = [front_matter(p) for p in (content / "talks").iterdir()]
    assert [t["title"] for t in sorted(talks, key=lambda t: t["order"])] == [title for _, title in by_start]


def test_a_talk_file_follows_the_content_format(frab: str, content: Path, policy: HttpPolicy):
    import_schedule(frab, "demo-city-16", content, policy)

    path = content / "talks" / "kubernetes-the-hard-way-revisited.md"
    data = front_matter(path)
    assert data.pop("imported")["source"] == frab
    assert data == {
        "title": 'Kubernetes: "the hard way", revisited',
        "event": "demo-city-16",
        "speakers": [{"name": "Zuzana Nováková"}],
        "tags": ["Kubernetes"],
        "language": "en",
        "duration": 30,
        "order": 2,
    }
    assert body(path) == (
        "Bootstrapping a cluster by hand, ten years on: which steps are still worth knowing.\n\n"
        "We build a three-node cluster from plain binaries and compare each step "
        "with what a managed service hides."
    )


def test_yaml_special_characters_survive_the_round_trip(frab: str, content: Path, policy: HttpPolicy):
    import_schedule(frab, "demo-city-16", content, policy)

    data = front_matter(content / "talks" / "helm-charts-yaml-what-could-go-wrong.md")
    assert data["title"] == "Helm # charts & YAML: what could go wrong?"
    assert data["duration"] == 45
    assert [s["name"] for s in data["speakers"]] == ["Ola Nordmann", "Zuzana Nováková"]


def test_each_speaker_gets_one_profile_with_the_biography_found(frab: str, content: Path, policy: HttpPolicy):
    import_schedule(frab, "demo-city-16", content, policy)

    speakers = content / "speakers"
    assert sorted(p.name for p in speakers.iterdir()) == [
        "dev-patel.md",
        "ola-nordmann.md",
        "zuzana-novakova.md",
    ]
    assert front_matter(speakers / "zuzana-novakova.md")["name"] == "Zuzana Nováková"
    assert body(speakers / "zuzana-novakova.md").startswith("Platform engineer")
    assert body(speakers / "ola-nordmann.md") == ""


def test_a_second_import_of_the_same_schedule_changes_nothing(frab: str, content: Path, policy: HttpPolicy):
    import_schedule(frab, "demo-city-16", content, policy)
    before = tree(content)

    results = import_schedule(frab, "demo-city-16", content, policy)

    assert {r.action for r in results} == {"unchanged"}
    assert tree(content) == before


def edited_copy(frab: str, folder: Path, new_abstract: str) -> str:
    raw = json.loads(Path(frab).read_text(encoding="utf-8"))
    talk = raw["schedule"]["conference"]["days"][0]["rooms"]["Main hall"][0]
    talk["abstract"] = new_abstract
    path = folder / "frab-schedule.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return str(path)


def test_a_hand_edited_talk_is_skipped_and_the_others_are_updated(
    frab: str, content: Path, policy: HttpPolicy, tmp_path: Path
):
    import_schedule(frab, "demo-city-16", content, policy)
    talk = content / "talks" / "kubernetes-the-hard-way-revisited.md"
    talk.write_text(talk.read_text(encoding="utf-8") + "\nSlides are online now.\n", encoding="utf-8")
    edited = talk.read_bytes()
    newer = edited_copy(frab, tmp_path, "A new abstract from the organisers.")

    results = import_schedule(newer, "demo-city-16", content, policy)

    by_name = {r.path.name: r for r in results}
    assert by_name[talk.name].action == "skipped"
    assert by_name[talk.name].reason.startswith("edited by hand since the last import")
    assert talk.read_bytes() == edited
    # the source path is part of every marker, so the untouched files are rewritten
    assert by_name["dev-patel.md"].action == "updated"


def test_force_overwrites_a_hand_edited_talk(frab: str, content: Path, policy: HttpPolicy, tmp_path: Path):
    import_schedule(frab, "demo-city-16", content, policy)
    talk = content / "talks" / "kubernetes-the-hard-way-revisited.md"
    talk.write_text(talk.read_text(encoding="utf-8").replace("revisited", "REVISITED"), encoding="utf-8")
    newer = edited_copy(frab, tmp_path, "A new abstract from the organisers.")

    results = import_schedule(newer, "demo-city-16", content, policy, force=True)

    assert {r.path.name: r.action for r in results}[talk.name] == "updated"
    assert body(talk).startswith("A new abstract from the organisers.")


def test_a_hand_written_profile_is_never_replaced(frab: str, content: Path, policy: HttpPolicy):
    profile = content / "speakers" / "dev-patel.md"
    profile.write_text("---\nname: Dev Patel\naffiliation: Shop\n---\nWritten by Dev.\n", encoding="utf-8")

    results = import_schedule(frab, "demo-city-16", content, policy)

    [result] = [r for r in results if r.path == profile]
    assert (result.action, result.reason) == (
        "skipped",
        "not written by an import; use --force to overwrite",
    )
    assert body(profile) == "Written by Dev."


def test_a_pretalx_talk_list_is_read_too(data_dir: Path, content: Path, policy: HttpPolicy):
    source = str(data_dir / "schedules" / "pretalx-talks.json")

    import_schedule(source, "demo-city-17", content, policy)

    first = front_matter(content / "talks" / "lightning-one-line-dockerfiles.md")
    second = front_matter(content / "talks" / "observability-on-a-shoestring.md")
    assert (first["order"], first["duration"], first["language"]) == (1, 5, "cs")
    assert (second["order"], second["tags"], second["speakers"]) == (
        2,
        ["Operations"],
        [{"name": "Lena Fischer"}],
    )
    assert front_matter(content / "speakers" / "tomas-dvorak.md")["name"] == "Tomáš Dvořák"


def test_every_bad_talk_is_reported_and_nothing_is_written(data_dir: Path, content: Path, policy: HttpPolicy):
    source = str(data_dir / "schedules" / "bad-talks.json")

    with pytest.raises(NetworkDataError) as exc_info:
        import_schedule(source, "demo-city-17", content, policy)

    assert [p.message for p in exc_info.value.problems] == [
        "results[0]: a talk has no title",
        "results[1]: unreadable duration 'half an hour' (expected minutes or HH:MM)",
    ]
    assert tree(content) == {}


def test_malformed_json_is_reported_at_its_line_and_column(data_dir: Path, content: Path, policy: HttpPolicy):
    source = str(data_dir / "schedules" / "malformed.json")

    with pytest.raises(NetworkDataError) as exc_info:
        import_schedule(source, "demo-city-16", content, policy)

    # the stray comma sits on line 3; the parser stops at the brace after it
    line = Path(source).read_text(encoding="utf-8").splitlines()[2]
    [problem] = exc_info.value.problems
    assert (problem.file, problem.line, problem.column) == (source, 3, line.index(",}") + 2)
    assert problem.message.startswith("malformed JSON")
    assert tree(content) == {}


def test_a_schedule_url_is_fetched(httpserver: HTTPServer, frab: str, content: Path, policy: HttpPolicy):
    httpserver.expect_request("/schedule.json").respond_with_data(
        Path(frab).read_bytes(), content_type="application/json"
    )
    url = httpserver.url_for("/schedule.json")

    results = import_schedule(url, "demo-city-16", content, policy)

    assert len(results) == 6
    assert front_matter(content / "speakers" / "dev-patel.md")["imported"]["source"] == url


def test_malformed_json_from_a_url_writes_nothing(
    httpserver: HTTPServer, data_dir: Path, content: Path, policy: HttpPolicy
):
    httpserver.expect_request("/schedule.json").respond_with_data(
        (data_dir / "schedules" / "malformed.json").read_bytes(), content_type="application/json"
    )

    with pytest.raises(NetworkDataError) as exc_info:
        import_schedule(httpserver.url_for("/schedule.json"), "demo-city-16", content, policy)

    assert exc_info.value.problems[0].message.startswith("malformed JSON")
    assert tree(content) == {}


def test_an_html_page_instead_of_a_schedule_is_refused(httpserver: HTTPServer, content: Path, policy: HttpPolicy):
    httpserver.expect_request("/schedule.json").respond_with_data("<html/>", content_type="text/html")

    with pytest.raises(NetworkDataError) as exc_info:
        import_schedule(httpserver.url_for("/schedule.json"), "demo-city-16", content, policy)

    assert exc_info.value.problems[0].message.startswith("unexpected content type text/html")


def test_the_event_must_be_a_slug(frab: str, content: Path, policy: HttpPolicy):
    with pytest.raises(NetworkDataError) as exc_info:
        import_schedule(frab, "Demo City 16", content, policy)

    assert exc_info.value.problems[0].message == ("--event must be an event slug such as 'demo-city-16'")


def test_the_task_reports_what_it_wrote(frab: str, content: Path, capsys: pytest.CaptureFixture):
    tasks.import_schedule(Context(), source=frab, event="demo-city-16", content=str(content))

    out = capsys.readouterr()
    assert out.out.splitlines()[-1] == "6 created, 0 updated, 0 unchanged, 0 skipped"
    assert sorted(out.out.splitlines()[:-1]) == sorted(
        f"created: {p.relative_to(content)}" for p in content.rglob("*.md")
    )
    assert out.err.splitlines() == [
        f"note: {content}/events/demo-city-16.md does not exist yet; the build reports these talks until it does"
    ]


def test_the_task_exits_non_zero_on_malformed_json(data_dir: Path, content: Path, capsys: pytest.CaptureFixture):
    source = str(data_dir / "schedules" / "malformed.json")

    with pytest.raises(Exit) as exc_info:
        tasks.import_schedule(Context(), source=source, event="demo-city-16", content=str(content))

    assert exc_info.value.code == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"{source}:3:")
    assert tree(content) == {}


def serve_pages(httpserver: HTTPServer, data_dir: Path, second_next: str | None = None) -> str:
    """The two talks of pretalx-talks.json served as two pages of one each, as pretalx paginates."""
    talks = json.loads((data_dir / "schedules" / "pretalx-talks.json").read_text("utf-8"))["results"]
    first = {"count": 2, "next": httpserver.url_for("/api/talks/?page=2"), "previous": None, "results": talks[:1]}
    second = {"count": 2, "next": second_next, "previous": httpserver.url_for("/api/talks/"), "results": talks[1:]}
    httpserver.expect_request("/api/talks/", query_string="page=2").respond_with_json(second)
    httpserver.expect_request("/api/talks/", query_string="").respond_with_json(first)
    return httpserver.url_for("/api/talks/")


def test_every_page_of_a_pretalx_talk_list_is_read(
    httpserver: HTTPServer, data_dir: Path, content: Path, policy: HttpPolicy
):
    import_schedule(serve_pages(httpserver, data_dir), "demo-city-17", content, policy)

    assert sorted(p.name for p in (content / "talks").iterdir()) == [
        "lightning-one-line-dockerfiles.md",
        "observability-on-a-shoestring.md",
    ]


def test_a_next_page_on_another_server_is_refused(
    httpserver: HTTPServer, data_dir: Path, content: Path, policy: HttpPolicy
):
    url = serve_pages(httpserver, data_dir, second_next="http://elsewhere.invalid/api/talks/?page=3")

    with pytest.raises(NetworkDataError) as exc_info:
        import_schedule(url, "demo-city-17", content, policy)

    message = exc_info.value.problems[0].message
    assert message.startswith(f"'next' leads away from {urlsplit(url).netloc}")
    assert "elsewhere.invalid" in message
    assert tree(content) == {}


def test_a_next_page_that_redirects_to_another_server_is_refused_at_that_hop(
    httpserver: HTTPServer, data_dir: Path, content: Path, policy: HttpPolicy
):
    # same port, same (allowed) address, but another host name: another server as far as URLs go
    away = f"http://127.0.0.1:{httpserver.port}/elsewhere/talks/"
    url = serve_pages(httpserver, data_dir, second_next=httpserver.url_for("/api/talks/?page=3"))
    httpserver.expect_request("/api/talks/", query_string="page=3").respond_with_data(
        "", status=302, headers={"Location": away}
    )
    httpserver.expect_request("/elsewhere/talks/").respond_with_json({"next": None, "results": []})

    with pytest.raises(NetworkDataError) as exc_info:
        import_schedule(url, "demo-city-17", content, policy)

    [problem] = exc_info.value.problems
    assert (problem.file, problem.message) == (
        httpserver.url_for("/api/talks/?page=3"),
        f"redirected away from {urlsplit(url).netloc}: {away}",
    )
    assert "/elsewhere/talks/" not in [r.path for r, _ in httpserver.log]
    assert tree(content) == {}


def test_a_next_page_that_loops_back_is_refused(
    httpserver: HTTPServer, data_dir: Path, content: Path, policy: HttpPolicy
):
    url = serve_pages(httpserver, data_dir, second_next=httpserver.url_for("/api/talks/?page=2"))

    with pytest.raises(NetworkDataError) as exc_info:
        import_schedule(url, "demo-city-17", content, policy)

    assert exc_info.value.problems[0].message.startswith("'next' leads back to a page already read")
    assert tree(content) == {}


def test_a_saved_first_page_of_a_longer_list_is_refused(data_dir: Path, content: Path, policy: HttpPolicy, tmp_path):
    page = json.loads((data_dir / "schedules" / "pretalx-talks.json").read_text("utf-8"))
    page["next"] = "https://pretalx.example/api/events/demo/talks/?page=2"
    saved = tmp_path / "page-1.json"
    saved.write_text(json.dumps(page), "utf-8")

    with pytest.raises(NetworkDataError) as exc_info:
        import_schedule(str(saved), "demo-city-17", content, policy)

    assert "one page of a longer pretalx talk list" in exc_info.value.problems[0].message
    assert tree(content) == {}


def pretalx_list(count: int) -> dict:
    """A pretalx talk list of ``count`` talks, each with a speaker of its own."""
    return {
        "count": count,
        "next": None,
        "results": [
            {"code": f"T{i}", "title": f"Talk {i}", "speakers": [{"name": f"Speaker {i}"}], "duration": 30}
            for i in range(count)
        ],
    }


def test_a_schedule_of_20000_talks_is_refused_before_anything_is_written(
    content: Path, policy: HttpPolicy, tmp_path: Path
):
    source = tmp_path / "huge.json"
    source.write_text(json.dumps(pretalx_list(20_000)), encoding="utf-8")

    with pytest.raises(NetworkDataError) as exc_info:
        import_schedule(str(source), "demo-city-17", content, policy)

    assert [str(p) for p in exc_info.value.problems] == [
        f"{source}: the schedule has 20,000 talks, more than 1,000 (IMPORT_MAX_TALKS); nothing was written",
        f"{source}: the schedule has 20,000 speakers, more than 1,000 (IMPORT_MAX_SPEAKERS); nothing was written",
    ]
    assert tree(content) == {}


def test_the_talk_and_speaker_limits_are_settings(frab: str, content: Path, tmp_path: Path, capsys):
    settings = tmp_path / "pelicanconf.py"
    settings.write_text("IMPORT_MAX_TALKS = 2\nIMPORT_MAX_SPEAKERS = 2\n", encoding="utf-8")

    with pytest.raises(Exit) as exc_info:
        tasks.import_schedule(
            Context(), source=frab, event="demo-city-16", content=str(content), settings=str(settings)
        )

    assert exc_info.value.code == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{frab}: the schedule has 3 talks, more than 2 (IMPORT_MAX_TALKS); nothing was written",
        f"{frab}: the schedule has 3 speakers, more than 2 (IMPORT_MAX_SPEAKERS); nothing was written",
    ]
    assert tree(content) == {}


def test_unique_slugs_for_100000_talks_of_one_title_take_linear_time(tmp_path: Path):
    speaker = Speaker("Ola Nordmann")
    talks = [Talk(title="Lightning talk", ident=f"T{i}", speakers=(speaker,)) for i in range(100_000)]
    started = time.monotonic()

    docs = documents(talks, "demo-city-17", tmp_path, "schedule.json")

    # counting each slug against the whole list (about 10^10 comparisons here) took minutes; one pass
    # takes seconds, so this bound tells the two apart even on a busy machine
    assert time.monotonic() - started < 60
    talk_files = [d.path.name for d in docs if d.path.parent.name == "talks"]
    assert len(set(talk_files)) == 100_000
    assert talk_files[:2] == ["lightning-talk-t0.md", "lightning-talk-t1.md"]


def test_a_320_character_title_makes_a_file_name_the_filesystem_accepts(data_dir: Path, content: Path,
                                                                         policy: HttpPolicy):
    source = str(data_dir / "schedules" / "long-title.json")

    import_schedule(source, "demo-city-17", content, policy)

    [talk] = sorted((content / "talks").iterdir())
    assert len(talk.stem) == 80  # cut, with a digest of the whole slug kept for uniqueness
    assert talk.stem.startswith("running-containers-in-production-at-a-public-library-")
    assert len(front_matter(talk)["title"]) == 320  # the title itself is kept whole
