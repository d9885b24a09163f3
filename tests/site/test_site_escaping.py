"""Text from organizers' files is shown as text: no markup, script or live javascript: link gets through.

Titles, names, venues and labels may come from remote imports (Meetup.com, pretalx), so
the theme escapes everything but rendered Markdown bodies, and the loader refuses links
that are not http(s).
"""

from __future__ import annotations

import json

from builtsite import html_pages, page


def test_hostile_text_in_front_matter_creates_no_element_on_any_page(build_site, scenario, tmp_path):
    result = build_site(scenario("hostile-text"))
    assert result.ok, [str(p) for p in result.problems] + result.errors
    output = tmp_path / "output"
    assert "index.html" in html_pages(output)
    for rel in html_pages(output):
        soup = page(output, rel)
        scripts = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
        assert [s for s in scripts if "alert" in s.get_text()] == [], rel
        for tag in soup.find_all(True):
            assert not [a for a in tag.attrs if a.startswith("on")], f"{rel}: <{tag.name} {tag.attrs}>"
        assert soup.find("img", src="x") is None, rel
        assert soup.find(["b", "i"], string=["Owls", "Example"]) is None, rel


def test_hostile_text_is_still_shown_as_the_organizer_wrote_it(build_site, scenario, tmp_path):
    build_site(scenario("hostile-text"))
    soup = page(tmp_path / "output", "events/meetup-1/index.html")
    assert soup.h1.get_text() == "</script><script>alert('title')</script>"
    assert soup.find("a", href="https://example.org/?a=1&b=<2>") is not None


def test_json_ld_stays_valid_json_whatever_the_text(build_site, scenario, tmp_path):
    build_site(scenario("hostile-text"))
    soup = page(tmp_path / "output", "events/meetup-1/index.html")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["name"] == "</script><script>alert('title')</script>"
    assert data["description"] == "<!-- a summary that opens an HTML comment"


def test_links_that_are_not_http_are_refused_with_their_position(build_site, scenario):
    result = build_site(scenario("javascript-urls"))
    assert not result.ok
    assert [str(p) for p in result.problems] == [
        "content/speakers/ada.md:5:24: 'JavaScript:alert(2)' is not an http(s) URL",
        "content/sponsors/acme.md:3:6: \"javascript:alert('sponsor')\" is not an http(s) URL",
        "content/sponsors/acme.md:4:7: 'data:image/svg+xml,<svg onload=alert(1)>' is neither a file under "
        "content/ nor an http(s) URL",
    ]


def test_a_settings_file_that_turns_autoescape_off_stops_the_build_and_keeps_the_old_site(build_site, scenario,
                                                                                           tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the previous site", encoding="utf-8")
    result = build_site(scenario("hostile-text"), JINJA_ENVIRONMENT={"trim_blocks": True, "autoescape": False})
    assert not result.ok
    assert [str(p) for p in result.problems] == [
        'pelicanconf.py: JINJA_ENVIRONMENT must set "autoescape": True '
        "(titles and names from content files are escaped in templates)"
    ]
    assert (output / "index.html").read_text(encoding="utf-8") == "the previous site"
