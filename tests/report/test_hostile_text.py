"""Names, titles and URLs in a report are data: in no format can they make a link, an image, a heading or HTML.

The content in tests/data/report/hostile/ is a small real-looking site whose
sponsor URL closes the Markdown link early and appends a javascript: link and a
tracking image, whose titles carry "#", "- " and Markdown links, and
whose names carry HTML. The polls are those of the privacy tests.
"""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from polls.report.markdown import escape
from pypdf import PdfReader
from report_helpers import ROOT, build

HOSTILE = ROOT / "tests" / "data" / "report" / "hostile"
SURVEY = ROOT / "tests" / "data" / "report" / "privacy" / "survey"
SITEURL = "https://tiny.example.org"
SPONSOR_URL = "https://acme.example/)[click here](javascript:alert('url'))![t](https://track.example/pixel.gif)"
SPONSOR_NAME = "Acme <img src=x onerror=alert('name')> [Hosting]"
GROUP_NAME = "Tiny *Meetup* | [Brno](javascript:alert('group'))"
TALK_TITLE = "Small rooms](javascript:alert('talk')) <script>alert('talk')</script>"
# the same URL percent-encoded, so no ")", "(", "[", "]", quote or space can end the Markdown link early
SPONSOR_MD_URL = ("https://acme.example/%29%5Bclick%20here%5D%28javascript:alert%28%27url%27%29%29!%5Bt%5D%28"
                  "https://track.example/pixel.gif%29")
TALK_URL = f"{SITEURL}/talks/small-rooms/index.html"
LOGO_URL = f"{SITEURL}/images/sponsors/acme%20%281%29.svg"


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    return build(HOSTILE / "content", SURVEY, tmp_path_factory.mktemp("hostile") / "report", siteurl=SITEURL)


def test_the_markdown_links_only_the_talk_and_the_sponsor(hostile_report):
    soup = hostile_report.markdown_html
    assert [a["href"] for a in soup.find_all("a")] == [TALK_URL, SPONSOR_MD_URL]
    assert unquote(SPONSOR_MD_URL) == SPONSOR_URL


def test_a_sponsor_url_with_a_parenthesis_stays_one_link_to_where_it_pointed(hostile_report):
    md = hostile_report.markdown_text
    [line] = [line for line in md.splitlines() if line.startswith("### [Acme")]
    assert line == f"### [Acme &lt;img src=x onerror=alert\\('name'\\)\\> \\[Hosting\\]]({SPONSOR_MD_URL})"


def test_the_only_image_in_the_markdown_is_the_sponsor_logo(hostile_report):
    images = hostile_report.markdown_html.find_all("img")
    assert [(img["src"], img["alt"]) for img in images] == [(LOGO_URL, f"{SPONSOR_NAME} logo")]


def test_no_data_makes_html_or_a_heading_in_the_markdown(hostile_report):
    soup = hostile_report.markdown_html
    assert soup.find_all(["script", "iframe", "style"]) == []
    assert not [tag for tag in soup.find_all(True) if any(a.startswith("on") for a in tag.attrs)]
    assert [h.get_text() for h in soup.find_all(["h1", "h2"])] == [
        "What your support reached", GROUP_NAME, "Sponsors", "How these figures were made"]


def test_the_markdown_shows_every_text_as_written_on_one_line(hostile_report):
    soup = hostile_report.markdown_html
    assert soup.find("a", href=TALK_URL).get_text() == TALK_TITLE
    assert [h.get_text() for h in soup.find_all("h3") if h.a] == [SPONSOR_NAME]
    talk, *supported = [li.get_text() for li in soup.find_all("li") if li.get_text().endswith("2020")]
    assert talk == f"{TALK_TITLE}: Ada _Example_; Tiny #1 # An injected heading - an injected list item, 5 Mar 2020"
    assert supported == [
        "Tiny #1 # An injected heading - an injected list item, 5 Mar 2020",
        "Tiny #2 ![pixel](https://track.example/pixel.gif?tiny-2), 2 Apr 2020",
    ]


def test_the_html_report_links_the_sponsor_url_exactly_and_shows_names_as_text(hostile_report):
    soup = hostile_report.html
    assert [a["href"] for a in soup.find_all("a")] == [TALK_URL, SPONSOR_URL]
    assert [img["src"][:26] for img in soup.find_all("img")] == ["data:image/svg+xml;base64,"]
    assert soup.find_all(["script", "iframe"]) == []
    assert not [tag for tag in soup.find_all(True) if any(a.startswith("on") for a in tag.attrs)]
    assert soup.find("a", href=SPONSOR_URL).get_text() == SPONSOR_NAME
    assert soup.find("a", href=TALK_URL).get_text() == TALK_TITLE
    assert soup.find("h2", string=GROUP_NAME) is not None


def test_the_pdf_links_the_sponsor_url_exactly_and_shows_its_name(hostile_report):
    reader = PdfReader(io.BytesIO((hostile_report.out / "sponsor-report.pdf").read_bytes()))
    uris = {annot.get_object()["/A"]["/URI"] for page in reader.pages for annot in page.get("/Annots") or []
            if "/URI" in annot.get_object().get("/A", {})}
    assert uris == {TALK_URL, SPONSOR_URL}
    lines = hostile_report.pdf_text.splitlines()
    assert SPONSOR_NAME in lines
    assert SPONSOR_URL in lines


def test_a_text_with_line_breaks_becomes_one_line_that_starts_no_heading_or_list():
    # the content reader refuses line breaks in titles; the report's Markdown must not rely on it
    assert escape("Tiny #1\n# An injected heading\n- an injected list item") == (
        "Tiny \\#1 \\# An injected heading - an injected list item")
