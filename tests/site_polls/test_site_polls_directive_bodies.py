"""Chart directives in every kind of body a page shows: a talk's writeup, an event's recap, a page.

The sample site of tests/data/site_polls/small with the files of
tests/data/site_polls/directives copied in, built in full; figures are checked on
the written pages.  Problems name the author's file, line and column, counted in
the whole file (front matter included).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from pollsite import DATA, PollBuild, assert_built, build_polls_site, rebuild_after

DIRECTIVES = DATA / "directives"


def _site(root: Path) -> tuple[Path, Path]:
    """A writable small site with the directive files in it: (content, survey)."""
    shutil.copytree(DATA / "small", root / "small")
    shutil.copytree(DIRECTIVES / "content", root / "small" / "content", dirs_exist_ok=True)
    return root / "small" / "content", root / "small" / "survey"


@pytest.fixture(scope="module")
def directive_site(tmp_path_factory: pytest.TempPathFactory) -> PollBuild:
    root = tmp_path_factory.mktemp("directives")
    content, survey = _site(root)
    built = build_polls_site(root / "output", root / "cache", content=content, survey=survey)
    assert_built(built)
    return built


def _page(built: PollBuild, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((built.output / path / "index.html").read_bytes())


def _caption(figure: lxml.html.HtmlElement) -> str:
    return " ".join(figure.xpath(".//caption")[0].text_content().split())


def test_a_directive_in_a_talks_writeup_shows_the_meetups_figure(directive_site):
    writeup = _page(directive_site, "talks/room-poll").xpath('//section[@aria-label="Writeup"]')[0]
    figures = writeup.xpath('.//figure[contains(@class, "poll-figure")]')

    assert [_caption(f).split(" — ")[0] for f in figures] == ["Images per application"]
    assert "Small Meetup #2" in _caption(figures[0])
    assert [p.text_content() for p in writeup.xpath("./p")] == [
        "The speaker asked the room first.", "Then went on with the talk."]


def test_a_directive_in_an_event_recap_shows_the_trend_chart(directive_site):
    recap = _page(directive_site, "events/small-2").xpath('//section[@aria-labelledby="recap-heading"]')[0]
    charts = recap.xpath('.//figure[contains(@class, "chart-trend")]')

    assert len(charts) == 1
    assert [th.text_content() for th in charts[0].xpath(".//table/tbody/tr/th")] == [
        "Small Meetup #1", "Small Meetup #2"]


def test_two_directives_in_one_page_show_two_figures_in_their_order(directive_site):
    figures = _page(directive_site, "two-charts").xpath('//article//figure[contains(@class, "poll-figure")]')

    assert [_caption(f).split(" — ")[0] for f in figures] == [
        "Actively experimenting with containers", "Images per application"]


def test_a_directive_in_code_or_in_a_sentence_stays_text(directive_site):
    article = _page(directive_site, "two-charts").xpath("//article")[0]

    assert [" ".join(c.text_content().split()) for c in article.xpath(".//code")] == [
        "[[poll small-2 experimenting]]"] * 3
    assert "In a sentence [[poll small-2 experimenting]] it stays text too." in article.text_content()
    assert article.xpath(".//*[@data-recap-poll]") == []


def test_the_events_feed_shows_the_recaps_chart(directive_site):
    feed = lxml.etree.parse(str(directive_site.output / "feeds" / "events.atom.xml"))
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    summary = next(e for e in feed.xpath("//atom:entry", namespaces=ns)
                   if e.xpath("atom:title", namespaces=ns)[0].text == "Small Meetup #2")
    html = lxml.html.fragment_fromstring(summary.xpath("atom:summary", namespaces=ns)[0].text, create_parent="div")

    assert len(html.xpath('.//figure[contains(@class, "chart-trend")]')) == 1
    assert html.xpath(".//*[@data-recap-poll]") == []


def test_a_directive_naming_an_unknown_question_fails_at_its_line_and_column_in_the_file(tmp_path):
    content, survey = _site(tmp_path)
    built, before, after = rebuild_after(
        lambda: shutil.copy(DIRECTIVES / "unknown-question-talk.md", content / "talks" / "unknown-question-talk.md"),
        content, survey, tmp_path / "output", tmp_path / "cache")

    assert not built.result.ok
    assert built.result.errors == []
    # ten lines of front matter, a fenced block holding the same directive and raw HTML above it
    assert [str(p).split(": ", 1)[0] for p in built.result.problems] == ["content/talks/unknown-question-talk.md:24:3"]
    assert built.result.problems[0].message.startswith("poll chart directive: ")
    assert "not_a_question" in built.result.problems[0].message
    assert after == before


def _problems_with(tmp_path: Path, files: dict[str, str]) -> list[str]:
    """The problems of building the directive site with ``files`` ({path under content/: text}) written in."""
    content, survey = _site(tmp_path)
    for name, text in files.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
    built = build_polls_site(tmp_path / "output", tmp_path / "cache", content=content, survey=survey)
    return [str(p) for p in built.result.problems]


def test_a_directive_with_too_few_arguments_fails_at_its_line(tmp_path):
    problems = _problems_with(tmp_path, {"pages/short.md": "---\ntitle: Short\n---\nText.\n\n[[poll small-2]]\n"})

    assert problems == [
        "content/pages/short.md:6:1: poll chart directive: expected [[poll MEETUP QUESTION]] "
        "or [[poll-trend QUESTION OPTION [GROUP]]]"]


def test_a_site_built_without_its_poll_data_shows_its_directives_as_written(tmp_path, caplog):
    content, _survey = _site(tmp_path)

    built = build_polls_site(tmp_path / "output", tmp_path / "cache", content=content, survey=tmp_path / "no-survey")

    assert_built(built)
    article = _page(built, "two-charts").xpath("//article")[0]
    assert [p.text_content() for p in article.xpath("./p[not(code)]") if p.text_content().startswith("[[")] == [
        "[[poll small-2 experimenting]]", "[[poll small-2 images_per_app]]"]
    assert article.xpath(".//*[@data-recap-poll]") == []
    warned = [r.getMessage() for r in caplog.records if "no poll data" in r.getMessage()]
    assert sorted(w.split(": ", 1)[0] for w in warned) == [
        "content/events/small-2.md:16:1", "content/pages/results.md:6:1", "content/pages/two-charts.md:10:1",
        "content/pages/two-charts.md:6:1", "content/talks/room-poll.md:12:1"]


def test_a_directive_in_a_speakers_bio_fails_at_its_line(tmp_path):
    problems = _problems_with(tmp_path, {"speakers/test-speaker.md": (
        "---\nname: Test Speaker\naffiliation: Test Lab\n---\nA test person.\n\n[[poll small-2 experimenting]]\n")})

    assert problems == [
        "content/speakers/test-speaker.md:7:1: poll chart directive: only a page, an event's recap or a talk's "
        "writeup can show a chart"]


def test_a_directive_in_an_inline_talks_abstract_fails_at_the_abstract(tmp_path):
    event = (DATA / "small" / "content" / "events" / "small-1.md").read_text(encoding="utf-8")
    problems = _problems_with(tmp_path, {"events/small-1.md": event.replace("summary:", (
        "programme:\n  - talk:\n      title: Inline\n      speakers: [Test Speaker]\n"
        "      abstract: \"[[poll small-1 experimenting]]\"\nsummary:"))})

    assert problems == [
        "content/events/small-1.md:14:17: poll chart directive: a front matter value cannot show a chart"]
