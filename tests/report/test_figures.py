"""The report's figures: pooled counts, Wilson intervals, trends; checked against figures written out in
report_expected.py (worked out apart from the engine) and against statsmodels."""

from __future__ import annotations

import re
import shutil

import numpy as np
import pytest
import statsmodels.api as sm
from meetup.standalone import poll_events
from polls import aggregate, load_survey
from report_expected import SAMPLE, SYNTHETIC
from report_helpers import ROOT, TODAY, build, percent, site_of
from report_synthetic import make_site


def html_rows(soup, group: str) -> dict[tuple[str, str], dict]:
    section = soup.find("section", attrs={"data-group": group})
    rows = {}
    for tr in section.select("table.figures tr[data-question]"):
        cells = tr.find_all("td")
        share, interval = tr.find("td", class_="share"), tr.find("td", class_="interval")
        rows[(tr["data-question"], tr["data-option"])] = {
            "share": share.get_text(strip=True) if share else "",
            "interval": interval.get_text(strip=True) if interval else "",
            "n": tr.find("td", class_="n").get_text(strip=True),
            "meetups": tr.find("td", class_="meetups").get_text(strip=True),
            "note": "" if share else cells[1].get_text(strip=True),
        }
    return rows


def meetups_text(figure: dict) -> str:
    word = "meetup" if figure["asked"] == 1 else "meetups"
    if figure["published"] == figure["asked"]:
        return f"{figure['asked']} {word}"
    return f"{figure['published']} of {figure['asked']} {word}"


@pytest.mark.parametrize("group", ["docker-brno", "demo-city-cloud-native"])
def test_sample_html_figures_equal_the_pooled_engine_figures(sample_report, group):
    expected = SAMPLE[group]
    shown = html_rows(sample_report.html, group)
    assert set(shown) == set(expected)
    for key, figure in expected.items():
        row = shown[key]
        assert row["n"] == figure.get("n", row["n"]), key
        if figure["hidden"]:
            assert row["share"] == "" and row["note"].startswith(("hidden", "suppressed")), key
        else:
            assert (row["share"], row["interval"], row["meetups"]) == (
                figure["share"], figure["interval"], meetups_text(figure)), key


def test_synthetic_html_figures_equal_the_pooled_engine_figures(synthetic_report):
    expected = SYNTHETIC
    shown = html_rows(synthetic_report.html, "cloud-brno")
    assert set(shown) == set(expected)
    for key, figure in expected.items():
        assert (shown[key]["share"], shown[key]["interval"], shown[key]["n"], shown[key]["meetups"]) == (
            figure["share"], figure["interval"], figure["n"], meetups_text(figure)), key


def test_a_meetup_whose_own_cell_is_hidden_is_left_out_of_the_pool(synthetic_report):
    # Every fifth synthetic meetup has 6 people with 3+ images: hidden there, so pooled over 24 of 30.
    row = html_rows(synthetic_report.html, "cloud-brno")[("images_per_app", "3+")]
    assert row["meetups"] == "24 of 30 meetups"


@pytest.mark.parametrize("report", ["sample_report", "synthetic_report"])
def test_pdf_rows_carry_the_same_figures(report, request):
    built = request.getfixturevalue(report)
    text = " ".join(built.pdf_text.split())
    tables = list(SAMPLE.values()) if report == "sample_report" else [SYNTHETIC]
    for table in tables:
        for key, figure in table.items():
            if not figure["hidden"]:
                row = f"{figure['share']} {figure['interval']} {figure['n']} {meetups_text(figure)}"
                assert row in text, key


def test_markdown_tables_carry_the_same_figures(synthetic_report):
    cells = [[td.get_text() for td in tr.find_all("td")] for tr in synthetic_report.markdown_html.find_all("tr")]
    for key, figure in SYNTHETIC.items():
        row = [figure["share"], figure["interval"], figure["n"], meetups_text(figure)]
        assert any(c[1:] == row for c in cells if len(c) == 5), key


def test_change_sentences_are_trends_over_every_meetup_of_the_period(synthetic_report, synthetic_site):
    # the oracle: statsmodels' binomial GLM on the tallies the synthetic site wrote, over all 30 meetups
    meetups = synthetic_site["meetups"]
    n = len(meetups)
    attended = np.array([m["attended"] for m in meetups], dtype=float)
    production = np.array([round(m["attended"] * (0.3 + 0.4 * i / n)) for i, m in enumerate(meetups, 1)], float)
    years = np.array([(m["date"] - meetups[0]["date"]).days / 365.25 for m in meetups])
    model = sm.GLM(np.column_stack([production, attended - production]), sm.add_constant(years),
                   family=sm.families.Binomial())
    first = model.fit()
    p = model.fit(scale=max(1.0, first.pearson_chi2 / first.df_resid)).pvalues[1]
    assert p < 0.001

    section = synthetic_report.html.find("section", attrs={"data-group": "cloud-brno"})
    lines = {(li["data-question"], li["data-option"]): li for li in section.select("ul.changes li")}
    assert ("visiting", "yes") not in lines  # audience figures are pooled, not compared
    line = lines[("containers_in_production", "yes")]
    assert line["data-direction"] == "rose"
    text = line.get_text()
    assert " points a year over 30 meetups (95 % CI " in text and "; p < 0.001; Holm-adjusted over " in text


def test_the_report_says_how_many_comparisons_it_tested_and_adjusts_them_together(synthetic_report):
    methodology = synthetic_report.html.get_text(" ")
    tested = int(re.search(r"this report tested (\d+) comparisons", methodology).group(1))
    section = synthetic_report.html.find("section", attrs={"data-group": "cloud-brno"})
    poll_lines = [li for li in section.select("ul.changes li") if li["data-direction"] != "not tested"]
    attendance = section.find("p", class_="attendance-trend").get_text()
    assert tested == len(poll_lines) + 1  # and the attendance trend
    for li in poll_lines:
        assert f"Holm-adjusted over {tested} comparisons, p " in li.get_text()
    assert f"Holm-adjusted over {tested} comparisons, p = " in attendance


def test_headline_figures_count_the_sites_meetups_talks_and_speakers(sample_report):
    site = site_of(sample_report.content)
    assert site.groups
    for group in site.groups:
        events = [e for e in site.events if e.group is group and e.date <= TODAY]
        section = sample_report.html.find("section", attrs={"data-group": group.slug})
        figures = {tr["data-figure"]: tr.td.get_text(strip=True) for tr in section.select("table.headline tr")}
        assert figures["Meetups held"] == str(len(events))
        assert figures["Talks"] == str(sum(len(e.talks) for e in events))
        speakers = {r.person.slug for e in events for t in e.talks for r in t.speakers}
        assert figures["Distinct speakers"] == str(len(speakers))
        counts = [e.attendance.count for e in events if e.attendance]
        approx = "≈" if any(e.attendance.approx for e in events if e.attendance) else ""
        assert re.match(rf"^{approx}{sum(counts)}\b", figures["Total attendance"])


def test_a_rising_attendance_is_called_a_rise(synthetic_report):
    sentence = synthetic_report.html.find("p", class_="attendance-trend").get_text()
    assert sentence.startswith("Attendance rose:")
    assert re.search(r"p = 0\.0[0-4]", sentence)


def test_the_sample_attendance_is_not_called_a_trend_without_support(sample_report):
    # Docker Brno has one counted meetup: too few to speak of a trend at all.
    section = sample_report.html.find("section", attrs={"data-group": "docker-brno"})
    assert section.find("p", class_="attendance-trend").get_text().startswith("Too few meetups")


def test_a_share_exactly_half_a_percent_over_is_rounded_up(tmp_path):
    # One meetup: 23 of 40 run containers in production, 57.5 % -- the report says 58 %, as a reader would.
    site = make_site(tmp_path / "site", meetups=1)
    event = site["content"] / "events" / "cloud-brno-1.md"
    event.write_text(re.sub(r'attendance: "[^"]*"', 'attendance: "40"', event.read_text(encoding="utf-8")),
                     encoding="utf-8")
    (site["survey"] / "cloud-brno-1.yaml").write_text(
        "event: cloud-brno-1\nanswers:\n  containers_in_production: 23\n", encoding="utf-8")
    built = build(site["content"], site["survey"], tmp_path / "report", formats="md")
    cells = [[td.get_text() for td in tr.find_all("td")] for tr in built.markdown_html.find_all("tr")]
    row = next(c for c in cells if c and c[0].startswith("Runs containers somewhere in production"))
    assert row[1] == f"{(200 * 23 + 40) // (2 * 40)} %"


def sample_without_headcount(tmp_path, event_slug: str):
    """A copy of the sample content/ and survey/ whose event ``event_slug`` has no attendance."""
    content, survey_dir = tmp_path / "content", tmp_path / "survey"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "survey", survey_dir)
    event = content / "events" / f"{event_slug}.md"
    event.write_text(re.sub(r"(?m)^attendance: .*\n", "", event.read_text(encoding="utf-8")), encoding="utf-8")
    return content, survey_dir


def test_a_meetup_without_a_headcount_is_left_out_of_a_pool_of_shares_of_everyone_present(tmp_path):
    # Without its headcount, demo-city-12's form answers are shares of those who answered; the catalog
    # asks for shares of everyone present, so the period's figure pools the other meetups and says so.
    content, survey_dir = sample_without_headcount(tmp_path, "demo-city-12")
    built = build(content, survey_dir, tmp_path / "report", formats="html", group="demo-city-cloud-native")

    survey = load_survey(survey_dir, events=poll_events(site_of(content)))
    table = aggregate(survey)
    cells = table[(table["group"] == "demo-city-cloud-native") & (table["question"] == "containers_in_production")
                  & (table["option"] == "yes") & ~table["suppressed"]]
    present = cells[cells["base_kind"] == "attended"]
    assert set(cells.loc[cells["base_kind"] == "answered", "survey"]) == {"demo-city-12"}
    row = html_rows(built.html, "demo-city-cloud-native")[("containers_in_production", "yes")]
    approx = "≈" if present["approx"].any() else ""
    assert row["n"] == f"{approx}{int(present['base'].sum())} attended"
    assert row["share"] == f"{approx}{percent(int(present['count'].sum()), int(present['base'].sum()))}"
    assert row["meetups"].endswith(
        "(1 not comparable, different base: share of those who answered the question)")


def test_a_meetup_whose_shares_have_another_base_is_left_out_of_the_change_and_named(tmp_path):
    # demo-city-14 without its headcount: its shares are of those who answered, the others' of everyone
    # present; the change runs over the eleven shows of hands and says what it left out, and why.
    content, survey_dir = sample_without_headcount(tmp_path, "demo-city-14")
    built = build(content, survey_dir, tmp_path / "report", formats="html", group="demo-city-cloud-native")
    line = built.html.find("li", attrs={"data-question": "containers_in_production", "data-option": "yes"})
    assert line["data-direction"] == "rose"
    assert " over 11 meetups (" in line.get_text()
    assert line.get_text().endswith(
        "; 2 meetups polled by a form left out (not comparable with a show of hands): "
        "Demo City Cloud Native #12 (12 Dec 2024) and Demo City Cloud Native #13 (9 Jan 2025); "
        "1 meetup with shares of those who answered left out (not comparable with shares of everyone present): "
        "Demo City Cloud Native #14 (13 Feb 2025).")


def test_every_format_names_the_meetups_a_change_left_out_by_title_never_by_id(sample_report):
    # the demo group's last three meetups were polled by form: each change over its shows of hands says so
    left_out = ("3 meetups polled by a form left out (not comparable with a show of hands): "
                "Demo City Cloud Native #12 (12 Dec 2024), Demo City Cloud Native #13 (9 Jan 2025) and "
                "Demo City Cloud Native #14 (13 Feb 2025)")
    line = sample_report.html.find("li", attrs={"data-question": "containers_in_production", "data-option": "yes"})
    assert line.get_text().endswith(f"; {left_out}.")
    markdown_lines = [li.get_text() for li in sample_report.markdown_html.find_all("li")]
    assert any(text.endswith(f"; {left_out}.") for text in markdown_lines)
    pdf = " ".join(sample_report.pdf_text.split())
    assert "3 meetups polled by a form left out" in pdf
    ids = re.compile(r"\bdemo-city-\d+\b")
    assert not ids.search(sample_report.html.get_text())
    assert not ids.search(sample_report.markdown_html.get_text())
    assert not ids.search(pdf)
