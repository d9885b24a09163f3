"""Third-party HTML never runs on the site, and no body links anywhere but the web, mail or the site itself.

Abstracts and biographies from pretalx and descriptions from Meetup.com are
cleaned to an HTML allow-list when `import-schedule` / `import-meetup` write them,
and again whenever a file marked `imported:` is rendered, so a hand edit cannot
bring script back. In every body (organizers' too) a link target must be http(s),
mailto:, relative or a #fragment, or the build stops with the link's position.
The servers are pytest-httpserver on 127.0.0.1, answering with saved files.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from builtsite import SCENARIOS, front_matter, page
from meetup import sanitize
from meetup.frontmatter import parse
from meetup.sanitize import URL_ATTRIBUTES
from netdata.http import HttpPolicy
from netdata.meetup_import import import_meetup
from netdata.schedule_import import import_schedule
from pytest_httpserver import HTTPServer

NETWORK_DATA = SCENARIOS.parent / "network"
POLICY = HttpPolicy(connect_timeout=2, read_timeout=2, retries=0, backoff=0, max_bytes=1_000_000)
LOADS_OR_RUNS = ["script", "style", "iframe", "frame", "object", "embed", "form", "input", "link", "meta", "base"]
ALLOWED_SCHEME = re.compile(r"^(?:https?:|mailto:|[^:]*$|[^:]*[/?#])", re.IGNORECASE)


def inert_problems(fragment) -> list[str]:
    """What in ``fragment`` could run, restyle, embed or navigate away from the web (empty: nothing)."""
    found = [f"<{tag.name}>" for tag in fragment.find_all(LOADS_OR_RUNS)]
    for tag in fragment.find_all(True):
        found += [f"<{tag.name} {name}>" for name in tag.attrs if name.lower().startswith("on") or name == "style"]
        for name in URL_ATTRIBUTES & set(tag.attrs):
            url = re.sub(r"[\x00-\x20]", "", html.unescape(tag[name]))
            if not ALLOWED_SCHEME.match(url):
                found.append(f"<{tag.name} {name}={tag[name]!r}>")
    return found


def prose(output: Path, rel: str):
    """The part of a page that shows an imported body (its writeup, bio or recap)."""
    soup = page(output, rel)
    return soup.find(class_="prose") or soup.find(class_="recap") or soup.main


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the imported-html scenario: a group and the event the schedule's talks belong to."""
    target = tmp_path / "content"
    shutil.copytree(SCENARIOS / "imported-html" / "content", target)
    return target


@pytest.fixture
def imported_schedule(httpserver: HTTPServer, content: Path) -> Path:
    """content/ after importing the hostile pretalx talk list from a local server."""
    httpserver.expect_request("/api/events/demo/talks/").respond_with_data(
        (NETWORK_DATA / "schedules" / "hostile-pretalx.json").read_bytes(), content_type="application/json"
    )
    import_schedule(httpserver.url_for("/api/events/demo/talks/"), "demo-city-17", content, POLICY)
    return content


@pytest.fixture
def imported_event(httpserver: HTTPServer, content: Path) -> Path:
    """content/ after importing the Meetup.com event whose description carries a script."""
    httpserver.expect_request("/gql", method="POST").respond_with_data(
        (NETWORK_DATA / "meetup" / "hostile-event.json").read_bytes(), content_type="application/json"
    )
    import_meetup("Demo-City-Cloud-Native", "301234999", "token", content, POLICY, endpoint=httpserver.url_for("/gql"))
    return content


def body_soup(path: Path) -> BeautifulSoup:
    doc, problems = parse(path.read_text("utf-8"), str(path))
    assert problems == []
    return BeautifulSoup(doc.body, "html.parser")


# -- when importing -----------------------------------------------------------------------------


def test_imported_talk_and_speaker_files_are_written_without_script_style_iframe_or_handlers(imported_schedule):
    files = sorted((imported_schedule / "talks").glob("*.md")) + sorted((imported_schedule / "speakers").glob("*.md"))
    assert [f.name for f in files] == ["obfuscated-links.md", "supply-chains-for-small-teams.md",
                                       "ivo-brandt.md", "mara-quell.md"]
    for path in files:
        assert inert_problems(body_soup(path)) == [], path.name
        text = html.unescape(path.read_text("utf-8")).lower()
        assert text.startswith("---\n") and ("\ntitle: " in text or "\nname: " in text), path.name  # the file itself
        assert "javascript" not in text, path.name


def test_an_imported_abstract_keeps_its_text(imported_schedule):
    text = body_soup(imported_schedule / "talks" / "supply-chains-for-small-teams.md").get_text()
    assert "Signing what you ship." in text
    assert "Read the checklist first." in text
    assert "Then the slides and [the repo](https://example.org/repo)." in text
    assert "alert" not in text  # a script's content goes with the script


def test_a_markdown_link_to_javascript_in_an_import_keeps_its_text_and_loses_its_target(imported_schedule):
    body = body_soup(imported_schedule / "talks" / "obfuscated-links.md").get_text()
    assert body.splitlines()[0] == "one two three four five six [seven][ref]"
    assert "Kept: [a fragment](#top), [a page](../talks/), [mail](mailto:ivo@example.org)." in body


def test_a_link_the_search_does_not_recognise_still_links_nowhere_once_imported(monkeypatch):
    # the rendered HTML is checked after cleaning: a spelling the source search misses loses all markup
    monkeypatch.setattr(sanitize, "_unsafe_targets", lambda text: [])
    cleaned = sanitize.clean_markdown("Read [the slides](javascript:alert(1)) first.")
    rendered = BeautifulSoup(markdown.markdown(cleaned, extensions=["extra"]), "html.parser")
    assert rendered.find("a") is None
    assert rendered.get_text() == "Read [the slides](javascript:alert(1)) first."


def test_the_imported_file_still_counts_as_untouched_on_the_next_import(httpserver, imported_schedule):
    before = {p: p.read_bytes() for p in imported_schedule.rglob("*.md")}
    results = import_schedule(httpserver.url_for("/api/events/demo/talks/"), "demo-city-17", imported_schedule,
                              POLICY)
    assert {r.action for r in results} == {"unchanged"}
    assert {p: p.read_bytes() for p in imported_schedule.rglob("*.md")} == before


# -- the built pages ----------------------------------------------------------------------------


def test_an_imported_abstract_shows_its_text_and_links_but_nothing_that_runs(build_site, imported_schedule, tmp_path):
    result = build_site(imported_schedule)
    assert result.ok, [str(p) for p in result.problems] + result.errors
    writeup = prose(tmp_path / "output", "talks/supply-chains-for-small-teams/index.html")
    assert inert_problems(writeup) == []
    assert [p.get_text() for p in writeup.find_all("p")] == [
        "Signing what you ship. Read the checklist first.",
        "Then the slides and the repo.",
        "Questions welcome: write to Mara.",
    ]
    assert [a.get("href") for a in writeup.find_all("a")] == [None, "https://example.org/repo",
                                                              "mailto:mara@example.org"]


def test_an_imported_biography_loses_its_style_and_event_handlers(build_site, imported_schedule, tmp_path):
    assert build_site(imported_schedule).ok
    bio = prose(tmp_path / "output", "speakers/mara-quell/index.html")
    assert inert_problems(bio) == []
    assert bio.get_text().strip() == "Maintainer of a package mirror."
    assert bio.find("img", src="https://img.example/mara.png", alt="Mara") is not None


def test_obfuscated_javascript_links_in_an_import_link_nowhere(build_site, imported_schedule, tmp_path):
    assert build_site(imported_schedule).ok
    writeup = prose(tmp_path / "output", "talks/obfuscated-links/index.html")
    assert inert_problems(writeup) == []
    assert writeup.p.get_text() == "one two three four five six [seven][ref]"
    assert [a["href"] for a in writeup.find_all("a")] == ["#top", "../talks/", "mailto:ivo@example.org"]


def test_a_meetup_description_with_a_script_is_built_without_it(build_site, imported_event, tmp_path):
    event_file = imported_event / "events" / "demo-city-cloud-native-301234999.md"
    assert inert_problems(body_soup(event_file)) == []
    result = build_site(imported_event)
    assert result.ok, [str(p) for p in result.problems] + result.errors

    soup = page(tmp_path / "output", "events/demo-city-cloud-native-301234999/index.html")
    scripts = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
    assert scripts == []
    recap = soup.main
    assert inert_problems(recap) == []
    assert "Talks on supply chains, then pizza." in recap.get_text()
    assert recap.find("p", string="Doors open at 17:30.") is not None


def test_a_hand_edited_imported_file_is_cleaned_again_when_rendered(build_site, scenario, tmp_path):
    content = scenario("hand-edited-import")
    assert front_matter(content / "talks" / "signing.md")["imported"]  # marked, though its hash no longer matches
    result = build_site(content)
    assert result.ok, [str(p) for p in result.problems] + result.errors
    output = tmp_path / "output"

    writeup = prose(output, "talks/signing/index.html")
    assert inert_problems(writeup) == []
    assert [p.get_text() for p in writeup.find_all("p")] == ["Signing what you ship, step by step.",
                                                             "The checklist comes first."]
    assert writeup.a["href"] == "https://example.org/checklist"
    bio = prose(output, "speakers/mara-quell/index.html")
    assert inert_problems(bio) == []
    assert bio.get_text().strip() == "Maintainer of a package mirror.  Trust me."


# -- link targets in every body -------------------------------------------------------------------

NOT_ALLOWED = "is not allowed: use an http(s) or mailto: URL, a relative link or a #fragment"


def test_a_body_link_to_a_forbidden_scheme_is_refused_at_its_position(build_site, scenario):
    result = build_site(scenario("markdown-link-targets"))
    assert not result.ok
    assert result.errors == []
    assert [str(p) for p in result.problems] == [f"content/events/meetup-1.md:{where}: link target {url} {NOT_ALLOWED}"
                                                 for where, url in [
        ("8:30", "'javascript:alert(1)'"),
        ("8:63", "'JaVaScRiPt:alert(2)'"),
        ("9:22", "'javascript:alert(3)'"),  # &#106; is a "j" to a browser
        ("9:58", "'java\\tscript:alert(4)'"),  # browsers drop a tab inside the scheme
        ("10:19", "'data:image/gif;base64,R0lGODlhAQABAAAAACw='"),
        ("10:69", "'vbscript:msgbox(5)'"),
        ("11:9", "'file:///etc/passwd'"),
        ("11:39", "'javascript:alert(6)'"),
        ("12:10", "'jav\\nascript:alert(7)'"),  # raw HTML written by an organizer: its links are checked too
        ("14:9", "'javascript:alert(8)'"),  # a reference link: reported where its target is defined
        ("17:3", "'javascript:alert(9)'"),  # a target on the line after "]("
    ]]


def test_links_in_code_are_text_not_links(build_site, scenario):
    result = build_site(scenario("markdown-link-targets"))
    assert not [p for p in result.problems if p.file.endswith("ownership.md")]


def test_a_markdown_value_of_the_front_matter_is_checked_like_a_body(build_site, scenario):
    result = build_site(scenario("markdown-link-in-front-matter"))
    assert not result.ok
    assert [str(p) for p in result.problems] == [
        f"content/events/meetup-1.md:8:18: link target 'javascript:alert(' {NOT_ALLOWED}",
        f"content/events/meetup-1.md:12:17: link target 'vbscript:msgbox(1)' {NOT_ALLOWED}",
    ]


def test_a_plain_page_is_checked_like_every_other_body(build_site, scenario):
    # plain pages are read by Pelican's own page generator, with the same reader
    result = build_site(scenario("markdown-link-in-page"))
    assert [str(p) for p in result.problems] == [
        f"content/pages/about.md:4:28: link target 'vbscript:msgbox(' {NOT_ALLOWED}"]


def test_web_mail_relative_and_fragment_links_stay(build_site, scenario, tmp_path):
    result = build_site(scenario("allowed-link-targets"))
    assert result.ok, [str(p) for p in result.problems] + result.errors
    recap = page(tmp_path / "output", "events/meetup-1/index.html").main
    hrefs = [a["href"] for a in recap.find_all("a") if a.get_text() in
             ("on the web", "talks", "programme", "the organizers", "notes")]
    assert hrefs == ["https://example.org/slides", "../../talks/", "#programme", "mailto:team@example.org",
                     "notes/part:1"]


def test_raw_html_an_organizer_writes_stays_as_written(build_site, scenario, tmp_path):
    # a documented choice: organizers' files are trusted; only their link targets are checked
    build_site(scenario("allowed-link-targets"))
    recap = page(tmp_path / "output", "events/meetup-1/index.html").main
    frame = recap.select_one("details > iframe")
    assert frame is not None
    assert frame["src"] == "https://www.youtube-nocookie.com/embed/abc"
