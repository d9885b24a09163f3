"""What a report must never show (small cells, e-mails, free text) and what it must always say (example data)."""

from __future__ import annotations

import re

import pytest
from report_helpers import ROOT, build
from report_synthetic import make_site

PRIVACY = ROOT / "tests" / "data" / "report" / "privacy"


@pytest.fixture(scope="module")
def privacy_report(tmp_path_factory):
    return build(PRIVACY / "content", PRIVACY / "survey", tmp_path_factory.mktemp("privacy") / "report")


def all_texts(built) -> dict[str, str]:
    """The report's text in each format; each holds the group's name, so a check that something is absent
    searches the report itself and not an empty or unreadable file."""
    texts = {"html": built.html.get_text(" "), "pdf": built.pdf_text, "md": built.markdown_text}
    assert [name for name, text in texts.items() if "Tiny Meetup" not in text] == []
    return texts


def test_a_small_cell_is_described_never_shown(privacy_report):
    # tiny-1 is the only meetup that asked "visiting", and 7 of 40 said yes: below 10.
    row = privacy_report.html.find("tr", attrs={"data-question": "visiting", "data-option": "yes"})
    assert row.find("td", class_="share") is None
    assert "hidden at every meetup" in row.get_text()
    for name, text in all_texts(privacy_report).items():
        assert not re.search(r"(?<![\d.])(7|18) ?%", text), name  # 7 of 40 is 18 %
        assert "7 of" not in text, name


def test_no_e_mail_address_or_free_text_reaches_any_format(privacy_report):
    for name, text in all_texts(privacy_report).items():
        assert not re.search(r"[\w.+-]+@[\w-]+\.\w+", text), name
        assert "pizza" not in text.lower() and "slides at" not in text, name


def test_the_html_report_carries_no_mailto_link(privacy_report):
    assert not [a for a in privacy_report.html.find_all("a") if a.get("href", "").startswith("mailto:")]


def test_a_change_hidden_because_nearly_everyone_answered_gives_only_the_public_reason(tmp_path):
    # At the second meetup all but 5 of the room run containers in production: that cell is hidden,
    # and the change sentence must not say why in a way that tells "fewer than 10 did not".
    site = make_site(tmp_path / "site", meetups=2)
    attended = site["meetups"][1]["attended"]
    (site["survey"] / "cloud-brno-2.yaml").write_text(
        f"event: cloud-brno-2\nanswers:\n  containers_in_production: {attended - 5}\n", encoding="utf-8")
    built = build(site["content"], site["survey"], tmp_path / "report", formats="html")
    line = built.html.find("li", attrs={"data-question": "containers_in_production", "data-option": "yes"})
    assert line["data-direction"] == "not tested"  # one published figure is no trend
    assert "(only 1; a trend needs 3, 1 hidden figure left out)" in line.get_text()
    assert "Cloud Brno" in built.html.get_text(" ")
    assert "did not give" not in built.html.get_text(" ")
    assert "fewer than" not in line.get_text()


def test_the_demo_group_is_labelled_demo_wherever_it_appears(sample_report):
    soup = sample_report.html
    assert soup.find(id="example-data") is not None
    demo = soup.find("section", attrs={"data-group": "demo-city-cloud-native"})
    assert "example data" in demo.h2.get_text()
    rows = demo.select("table.talks tbody tr") + demo.select("table.meetups tbody tr")
    assert demo.select("table.talks tbody tr") and demo.select("table.meetups tbody tr")  # the loops check something
    for row in rows:
        assert row.find("span", class_="example"), row.get_text(" ", strip=True)
    figures = demo.select("figure.chart")
    assert figures
    for figure in figures:
        assert figure.find("span", class_="example")
    real = soup.find("section", attrs={"data-group": "docker-brno"})
    assert real is not None and real.select("table.meetups tbody tr")  # a real group, with rows to be unlabelled
    assert not real.find_all("span", class_="example")
    sponsors = soup.select("div.sponsor")
    assert {s["data-sponsor"].startswith("example-") for s in sponsors} == {True, False}  # both kinds are checked
    for sponsor in sponsors:
        labelled = bool(sponsor.find("span", class_="example"))
        assert labelled == sponsor["data-sponsor"].startswith("example-"), sponsor["data-sponsor"]


def test_the_pdf_and_markdown_label_every_demo_meetup(sample_report):
    pdf = " ".join(sample_report.pdf_text.split())
    md = sample_report.markdown_text
    for number in range(1, 15):
        title = f"Demo City Cloud Native #{number}"
        assert f"{title} (example data)" in pdf or f"{title}, " in pdf
        assert f"{title.replace('#', chr(92) + '#')} (example data)" in md
    assert "Example data:" in pdf
