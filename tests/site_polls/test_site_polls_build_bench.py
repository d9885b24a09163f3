"""The build benchmark's synthetic archive (tools.bench.site_build): the counts it promises, at a tiny scale.

No timing here: only that the generator writes what the benchmark claims to
build, that plain Pelican gets as many Markdown documents as the site, and that
the poll change it makes feeds the charts it says.
"""

from __future__ import annotations

import polls
import pytest
import yaml
from polls_site.page_plan import plan
from pollsite import assert_built, build_polls_site

from tools.bench import sample_site
from tools.bench.live_latency import EDITS
from tools.bench.sample_site import plain_copy
from tools.bench.site_build import (
    EDITED,
    EVENT_EDITED,
    FORCED,
    ROOT,
    Scale,
    _spawn,
    change_one_poll,
    edit_one_event,
    fed_by,
    generate,
    run,
)

SCALE = Scale(groups=2, years=2, per_year=3, talks=3, questions=4)


def test_the_archive_has_one_event_file_per_meetup_and_one_page_per_group(tmp_path):
    archive = generate(tmp_path, SCALE)

    assert len(list((archive.content / "events").glob("*.md"))) == 2 * 2 * 3 == len(archive.events)
    assert len(list((archive.content / "groups").glob("*.md"))) == 2


def test_plain_pelican_gets_as_many_markdown_documents_as_the_site(tmp_path):
    archive = generate(tmp_path, SCALE)

    assert len(list(archive.plain.rglob("*.md"))) == len(list(archive.content.rglob("*.md")))


def test_every_event_lists_its_talks_inline(tmp_path):
    archive = generate(tmp_path, SCALE)

    for path in (archive.content / "events").glob("*.md"):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        assert [("talk" in item) for item in front["programme"]] == [True] * SCALE.talks


def test_every_meetup_has_a_tally_of_every_question(tmp_path):
    archive = generate(tmp_path, SCALE)
    survey = polls.load_survey(archive.survey)

    assert sorted(survey.meetups["survey"]) == sorted(archive.events)
    assert survey.counts.groupby("survey")["question"].nunique().eq(SCALE.questions).all()


def test_the_changed_poll_feeds_its_attendance_and_its_headcount_trends_and_no_results_chart(tmp_path):
    archive = generate(tmp_path, SCALE)
    name, group = change_one_poll(archive)
    survey = polls.load_survey(archive.survey)
    site = plan(survey, polls.aggregate(survey), 10, "polls/{slug}/index.html")
    results = [s for s in site.specs if s.key.startswith(f"results/{name}/")]
    yes_no_trends = [s for s in site.specs if s.key.startswith(f"trend/{group}/") and s.rows[0].base_kind == "attended"]

    # its results are HTML figures on its event page, one block per question
    assert results == []
    assert sum(len(figure.blocks) for figure in site.figures[name]) == SCALE.questions
    assert fed_by(archive.survey, name, group) == 1 + len(yes_no_trends)


def test_the_site_builds_the_archive(tmp_path):
    archive = generate(tmp_path, Scale(groups=1, years=1, per_year=2, talks=2, questions=2))
    built = build_polls_site(tmp_path / "output", tmp_path / "cache", content=archive.content, survey=archive.survey)

    assert_built(built)
    assert sorted(p.name for p in (built.output / "events").iterdir() if p.is_dir()) == sorted(archive.events)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    # one run for the tests below: no timing is asserted, only that every build ran as the report says
    scale = Scale(groups=1, years=1, per_year=3, talks=1, questions=2)
    return run(scale, tmp_path_factory.mktemp("bench"), progress=lambda _: None, sample=False, scaling=(2,))


def test_the_benchmark_runs_its_builds_and_judges_them(report):
    builds = {build.name: build for build in report.builds}

    assert list(builds) == ["plain Pelican", "cold", "warm", FORCED, "one poll changed", EDITED, EVENT_EDITED]
    assert all(build.ok for build in builds.values()), [b.errors for b in builds.values()]
    assert builds["cold"].rendered == report.charts_planned
    assert builds["warm"].up_to_date and builds["warm"].rendered == 0
    assert not builds[FORCED].up_to_date and builds[FORCED].rendered == 0
    assert builds["one poll changed"].rendered == report.expected_after_change
    assert builds[EDITED].rendered == 0 and not builds[EDITED].up_to_date
    assert builds[EVENT_EDITED].rendered == 0 and not builds[EVENT_EDITED].up_to_date
    # 7 build targets, 3 edits against plain Pelican, peak memory, livereload, linear growth
    assert len(report.verdicts()) == 7 + 3 + 1 + 1 + 1


def test_every_build_reports_the_pages_in_its_output(report):
    builds = {build.name: build for build in report.builds}

    # the site writes a page per event, talk and speaker besides the indexes; plain Pelican a page per article
    assert builds["plain Pelican"].pages >= 3
    assert builds["cold"].pages > builds["plain Pelican"].pages
    assert builds[FORCED].pages == builds["cold"].pages


def test_the_livereload_latency_is_a_talk_edit_reaching_the_served_page(report):
    assert report.live.ok, report.live.errors
    assert report.live.rebuild_seconds > 0
    assert report.live.peak_mib > 0
    # each edit timed onto the page; the median is the figure
    assert len(report.live.each) == EDITS and all(seconds > 0 for seconds in report.live.each)
    assert report.live.seconds == sorted(report.live.each)[EDITS // 2]


def test_scaling_builds_plain_pelican_and_cold_at_each_size(report):
    assert [scaled.events for scaled in report.scaling] == [3, 6]
    assert all(scaled.plain.ok and scaled.cold.ok for scaled in report.scaling)
    assert report.scaling[1].cold.pages > report.scaling[0].cold.pages


def test_the_summary_prints_every_section(report):
    summary = report.summary()

    for heading in ("livereload, one talk edited: on the served page after", "peak memory:",
                    "scaling, cold builds", "growth 3 -> 6 events"):
        assert heading in summary


def test_an_event_edit_rewords_its_recap_and_leaves_its_front_matter(tmp_path):
    archive = generate(tmp_path, SCALE)
    name = archive.events[len(archive.events) // 3]
    path = archive.content / "events" / f"{name}.md"
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)

    assert edit_one_event(archive) == name
    _, front_after, body_after = path.read_text(encoding="utf-8").split("---\n", 2)
    assert front_after == front
    assert body_after == "Reworded. " + body


def test_plain_pelican_reads_as_many_documents_as_the_sample_site(tmp_path):
    written = plain_copy(ROOT / "content", tmp_path)

    assert written == len(list((ROOT / "content").rglob("*.md"))) == len(list(tmp_path.rglob("*.md")))
    assert len(list((tmp_path / "pages").glob("*.md"))) == len(list((ROOT / "content" / "pages").glob("*.md")))
    assert all(path.read_text(encoding="utf-8").startswith("Title: ") for path in tmp_path.rglob("*.md"))


def test_the_samples_livereload_latency_is_its_talk_edit_reaching_the_served_page(tmp_path):
    builds, live = sample_site.run(tmp_path, lambda name, job: _spawn(name, job))

    assert [build.ok for build in builds] == [True, True, True]
    assert live.ok, live.errors
    assert live.seconds > 0 and live.rebuild_seconds > 0
    # the watched page is the edited talk's, and the worker rendered it
    assert "talks/ceph-and-docker/index.html" in live.figures["rendered_paths"]
    assert live.line(builds[0].seconds, "sample").startswith("sample livereload, one talk edited: on the served page")


def test_a_target_line_says_what_was_measured_and_by_how_much_a_miss_misses():
    from tools.bench.site_build import POLL_CHANGED, Build, Report

    def build(name: str, seconds: float, rendered: int | None = 0) -> Build:
        return Build(name, seconds, 100.0, 50.0, rendered, up_to_date=name == "warm")

    builds = [build("plain Pelican", 2.0, None), build("cold", 30.0, 150), build("warm", 0.2), build(FORCED, 2.5),
              build(POLL_CHANGED, 0.4, 7), build(EDITED, 1.0), build(EVENT_EDITED, 0.5)]
    lines = Report(SCALE, 150, "group-00-001", 7, builds).verdicts()

    assert "target cold <= 1.5x plain: MISSED (15.00x, 10.0 times the target)" in lines
    assert "target one talk edited <= 0.25x plain: MISSED (0.50x, 2.0 times the target)" in lines
    assert "target one poll changed <= 0.25x plain: met (0.20x)" in lines
    assert "target one change draws only what it feeds: met (7 drawn, 7 fed)" in lines
    assert "target cold >= 100 charts/s: MISSED (5 charts/s)" in lines


def test_the_watched_page_is_found_from_relative_and_absolute_links():
    from tools.bench.live_latency import served_path

    assert served_path("/events/group-00-001/", "../../talks/a-talk/") == "/talks/a-talk/"
    assert served_path("/talks/", "a-talk/index.html") == "/talks/a-talk/index.html"
    assert served_path("/talks/", "https://meetup.example/talks/a-talk/") == "/talks/a-talk/"
