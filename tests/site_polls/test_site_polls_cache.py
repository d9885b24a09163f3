"""The chart cache: a build draws only the charts whose numbers changed.

Expected counts come from the site plan (polls_site.page_plan.plan), never literals:
a cold build draws every planned chart (and any a page's directive adds), a
rebuild draws none, and a changed tally redraws exactly the charts it feeds.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polls
from kernel.contract import Directive
from polls_site.directive import chart_key
from polls_site.page_plan import plan
from polls_site.settings import DEFAULTS
from pollsite import CONTENT, SURVEY, assert_built, build_polls_site, site_events

DIRECTIVE_LINE = re.compile(r"^\[\[(poll|poll-trend)\s+([^\]]+?)\s*\]\]\s*$", re.MULTILINE)


def _plan(survey_dir: Path):
    survey = polls.load_survey(survey_dir, events=site_events())
    return survey, plan(survey, polls.aggregate(survey), DEFAULTS["POLLS_MIN_CELL"], DEFAULTS["POLLS_TREND_URL"])


def _directive_keys(content: Path) -> set[str]:
    """Charts the pages' trend directives draw ([[poll MEETUP QUESTION]] is an HTML figure, not a chart)."""
    keys = set()
    for page in sorted(content.rglob("*.md")):
        for match in DIRECTIVE_LINE.finditer(page.read_text(encoding="utf-8")):
            found = Directive(match.group(1), tuple(match.group(2).split()), 0, 0)
            if found.kind == "poll-trend":
                keys.add(chart_key(found))
    return keys


def _demo_tally(survey) -> tuple[str, str]:
    """A polled meetup with a show-of-hands tally in a group that has trends: (survey id, group)."""
    meetups = survey.meetups
    grouped = meetups.groupby("group")["survey"].transform("count")
    candidates = meetups[(meetups["format"] == "tally") & (grouped >= 2) & meetups["attended"].notna()]
    assert not candidates.empty, "the sample polls need a tally in a group with trends for these tests"
    row = candidates.iloc[len(candidates) // 2]
    return row["survey"], row["group"]


def test_a_cold_build_draws_every_chart_of_the_site(cold_build):
    _, site = _plan(SURVEY)
    expected = {spec.key for spec in site.specs} | _directive_keys(CONTENT)

    assert cold_build.rendered == len(expected) > 0


def test_a_second_build_draws_no_chart(cold_build, warm_build):
    assert warm_build.rendered == 0
    assert warm_build.cached == cold_build.rendered


def _copy(chart_cache: Path, tmp_path: Path) -> tuple[Path, Path]:
    survey, cache = tmp_path / "survey", tmp_path / "cache"
    shutil.copytree(SURVEY, survey)
    shutil.copytree(chart_cache, cache)
    return survey, cache


def _edit(path: Path, pattern: str, change) -> None:
    text = path.read_text(encoding="utf-8")
    edited, found = re.subn(pattern, change, text, count=1, flags=re.MULTILINE)
    assert found == 1, f"no {pattern!r} in {path}"
    path.write_text(edited, encoding="utf-8")


def _bump(match: re.Match) -> str:
    return f"{match.group(1)}{int(match.group(2)) + 2}{match.group(3)}"


def _shares_the_headcount(trend, name: str) -> bool:
    """The meetup is a point of the trend and its share is of the headcount (so the base shows it)."""
    return any(point.survey == name and point.base_kind == "attended" for point in trend.rows)


def test_a_changed_headcount_redraws_its_groups_attendance_and_trends(chart_cache, tmp_path):
    survey_dir, cache = _copy(chart_cache, tmp_path)
    name, group = _demo_tally(_plan(SURVEY)[0])
    source = survey_dir / f"{name}.yaml"
    _edit(source, r'^(attended:\s*"?~?)(\d+)(%?"?\s*)$', _bump)

    _, site = _plan(survey_dir)
    expected = [spec.key for spec in site.specs
                if spec.key == f"attendance/{group}"
                or (spec.key.startswith(f"trend/{group}/") and _shares_the_headcount(spec, name))]
    built = build_polls_site(tmp_path / "output", cache, survey=survey_dir)

    assert_built(built)
    assert f"attendance/{group}" in expected
    assert built.rendered == len(expected)


def test_a_changed_answer_redraws_that_question_only(chart_cache, tmp_path):
    survey_dir, cache = _copy(chart_cache, tmp_path)
    name, group = _demo_tally(_plan(SURVEY)[0])
    source = survey_dir / f"{name}.yaml"
    question = "experimenting"
    _edit(source, rf'^(\s+{question}:\s*"?~?)(\d+)(%?"?\s*)$', _bump)

    _, site = _plan(survey_dir)
    expected = [spec.key for spec in site.specs if spec.key.startswith(f"trend/{group}/{question}/")]
    built = build_polls_site(tmp_path / "output", cache, survey=survey_dir)

    assert_built(built)
    # the meetup's own results are an HTML figure: only the question's trend is a chart to redraw
    assert expected == [f"trend/{group}/{question}/yes"]
    assert built.rendered == len(expected)
