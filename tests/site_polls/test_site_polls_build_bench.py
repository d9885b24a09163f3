"""The build benchmark's synthetic archive (tools.bench.site_build): the counts it promises, at a tiny scale.

No timing here: only that the generator writes what the benchmark claims to
build, that plain Pelican gets as many Markdown documents as the site, and that
the poll change it makes feeds the charts it says.
"""

from __future__ import annotations

import polls
import yaml
from polls_site.page_plan import plan
from pollsite import assert_built, build_polls_site

from tools.bench.site_build import EDITED, FORCED, Scale, change_one_poll, fed_by, generate, run

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


def test_the_changed_poll_feeds_its_results_its_attendance_and_its_headcount_trends(tmp_path):
    archive = generate(tmp_path, SCALE)
    name, group = change_one_poll(archive)
    survey = polls.load_survey(archive.survey)
    site = plan(survey, polls.aggregate(survey), 10, "polls/{slug}/index.html")
    results = [s for s in site.specs if s.key.startswith(f"results/{name}/")]
    yes_no_trends = [s for s in site.specs if s.key.startswith(f"trend/{group}/") and s.rows[0].base_kind == "attended"]

    assert len(results) == SCALE.questions
    assert fed_by(archive.survey, name, group) == len(results) + 1 + len(yes_no_trends)


def test_the_site_builds_the_archive(tmp_path):
    archive = generate(tmp_path, Scale(groups=1, years=1, per_year=2, talks=2, questions=2))
    built = build_polls_site(tmp_path / "output", tmp_path / "cache", content=archive.content, survey=archive.survey)

    assert_built(built)
    assert sorted(p.name for p in (built.output / "events").iterdir() if p.is_dir()) == sorted(archive.events)


def test_the_benchmark_runs_its_six_builds_and_judges_them(tmp_path):
    # no timing is asserted: only that every build ran as the report says
    scale = Scale(groups=1, years=1, per_year=3, talks=1, questions=2)
    report = run(scale, tmp_path / "bench", progress=lambda _: None)
    builds = {build.name: build for build in report.builds}

    assert list(builds) == ["plain Pelican", "cold", "warm", FORCED, "one poll changed", EDITED]
    assert all(build.ok for build in builds.values()), [b.errors for b in builds.values()]
    assert builds["cold"].rendered == report.charts_planned
    assert builds["warm"].up_to_date and builds["warm"].rendered == 0
    assert not builds[FORCED].up_to_date and builds[FORCED].rendered == 0
    assert builds["one poll changed"].rendered == report.expected_after_change
    assert builds[EDITED].rendered == 0 and not builds[EDITED].up_to_date
    assert len(report.verdicts()) == 7
