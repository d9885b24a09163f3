"""Front matter is read strictly: every key known, every value of its declared type, every slug owned once.

A misspelt key, a list where a title belongs, two files with one slug or a file that
is not text stop the build with one ``file:line:column`` line each, instead of the
value vanishing, rendering as Python, replacing another page or ending in a traceback.
Each scenario folder in tests/data/site/ holds several such mistakes; it is built once
and every expected line is checked on its own.
"""

from __future__ import annotations

import time

import pytest
from builtsite import SCENARIOS, build_content, page
from meetup.frontmatter import parse
from recap_build.build import BuildResult


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """built("unknown-keys") -> the result of building that scenario (once per module)."""
    results: dict[str, BuildResult] = {}

    def run(name: str) -> BuildResult:
        if name not in results:
            scratch = tmp_path_factory.mktemp(name)
            results[name] = build_content(SCENARIOS / name / "content", scratch / "output", scratch)
        return results[name]

    return run


def reported(result: BuildResult) -> list[str]:
    assert not result.ok
    assert result.errors == []  # nothing but positioned problems: no traceback, no raw Pelican error
    return [str(problem) for problem in result.problems]


UNKNOWN_KEYS = {
    "event": "content/events/meetup-1.md:5:1: unknown key 'attendence' (did you mean 'attendance'?)",
    "event sponsors": "content/events/meetup-1.md:6:1: unknown key 'sponors' (did you mean 'sponsors'?)",
    "venue": "content/events/meetup-1.md:9:3: unknown key 'adress' (did you mean 'address'?)",
    "programme session": "content/events/meetup-1.md:12:5: unknown key 'descripton' (did you mean 'description'?)",
    "inline talk": "content/events/meetup-1.md:16:7: unknown key 'slide' (did you mean 'slides'?)",
    "talk": "content/talks/ownership.md:5:1: unknown key 'slide' (did you mean 'slides'?)",
    "speaker": "content/speakers/ada.md:3:1: unknown key 'affilation' (did you mean 'affiliation'?)",
    "group": "content/groups/ostrava-rust.md:4:1: unknown key 'citty' (did you mean 'city'?)",
    "sponsor": "content/sponsors/acme.md:4:1: unknown key 'logo_file' (did you mean 'logo'?)",
    "page": "content/pages/about.md:7:1: unknown key 'titel' (did you mean 'title'?)",
}


@pytest.mark.parametrize("where", sorted(UNKNOWN_KEYS))
def test_an_unknown_key_is_reported_at_the_key_with_the_closest_known_one(built, where):
    assert UNKNOWN_KEYS[where] in reported(built("unknown-keys"))


def test_unknown_keys_are_the_only_problems_and_pelicans_page_keys_are_allowed(built):
    # about.md also sets template, status, lang and summary: Pelican's own keys, none reported
    assert sorted(reported(built("unknown-keys"))) == sorted(UNKNOWN_KEYS.values())


WRONG_TYPES = {
    "list title": "content/events/meetup-1.md:2:8: title must be one line of text, not a list",
    "NaN latitude": "content/events/meetup-1.md:6:8: lat must be a number from -90 to 90, not nan",
    "infinite longitude": "content/events/meetup-1.md:7:8: lon must be a number from -180 to 180, not inf",
    "line break in a title": "content/events/meetup-2.md:2:8: title must be one line of text "
                             "(no line breaks or control characters)",
    "latitude out of range": "content/events/meetup-2.md:6:8: lat must be a number from -90 to 90, not 999",
    "longitude out of range": "content/events/meetup-2.md:7:8: lon must be a number from -180 to 180, not -181",
    "control character in a title": "content/events/meetup-3.md:2:8: title must be one line of text "
                                    "(no line breaks or control characters)",
    "list slug": "content/events/meetup-3.md:3:7: slug must be one line of text, not a list",
    "repeated key": "content/events/meetup-4.md:4:1: key 'title' is given twice (lines 2 and 4): "
                    "YAML would keep only the last",
    "boolean title": "content/talks/no.md:2:8: title must be one line of text, not a true/false value "
                     "(put text such as No or Yes in quotes)",
    "mapping of tags": "content/talks/no.md:4:7: tags must be a list of text, not a mapping",
    "nested speaker list": "content/talks/no.md:5:12: each of speakers must be a name or a mapping "
                           "(name, affiliation), not a list",
    "empty speakers": "content/talks/nobody.md:4:11: speakers is an empty list: name at least one",
}


@pytest.mark.parametrize("case", sorted(WRONG_TYPES))
def test_a_value_of_the_wrong_type_is_reported_at_the_value(built, case):
    assert WRONG_TYPES[case] in reported(built("wrong-types"))


def test_wrong_types_are_all_reported_in_one_round_and_nothing_else(built):
    assert sorted(reported(built("wrong-types"))) == sorted(WRONG_TYPES.values())


DUPLICATE_SLUGS = {
    # the file that borrows a slug with `slug:` gets the problem, at its slug line
    "duplicate-event-slug": "content/events/meetup-1-copy.md:3:7: event slug 'meetup-1' is also used by "
                            "content/events/meetup-1.md",
    # two talks/**/ownership.md files: the later path is reported
    "duplicate-talk-file-slug": "content/talks/2026/ownership.md:2:1: talk slug 'ownership' is also used by "
                                "content/talks/2025/ownership.md",
    "duplicate-sponsor-slug": "content/sponsors/acme-inc.md:3:7: sponsor slug 'acme' is also used by "
                              "content/sponsors/acme.md",
    "duplicate-group-slug": "content/groups/rust-ostrava.md:3:7: group slug 'ostrava-rust' is also used by "
                            "content/groups/ostrava-rust.md",
    "duplicate-speaker-name": "content/speakers/ada.md:2:7: speaker 'Ada Example' also has a profile in "
                              "content/speakers/ada-example.md",
}


@pytest.mark.parametrize("name", sorted(DUPLICATE_SLUGS))
def test_two_files_with_one_slug_are_one_problem_naming_both(built, name):
    assert reported(built(name)) == [DUPLICATE_SLUGS[name]]


UNREADABLE = {
    "Latin-1": "content/talks/latin-1.md:2:11: undecodable byte 0xE9: the file must be UTF-8 "
               "(or UTF-16 with a byte order mark)",
    "UTF-16 without a byte order mark": "content/talks/utf-16-without-bom.md:1:2: NUL character: the file must be "
                                        "UTF-8 (or UTF-16 with a byte order mark)",
    "NUL byte": "content/talks/nul-byte.md:6:15: NUL character: the file must be UTF-8 "
                "(or UTF-16 with a byte order mark)",
    "terminal escape": "content/talks/escape-character.md:6:19: control character U+001B is not allowed "
                       "in a text file",
    "python tag": "content/talks/python-tag.md:5:8: unsupported YAML tag '!!python/object/apply:os.system': "
                  "only plain YAML data is read",
    "custom tag": "content/talks/custom-tag.md:2:8: unsupported YAML tag '!secret': only plain YAML data is read",
    "alias bomb": "content/talks/alias-bomb.md:9:17: the YAML expands to more than 20000 values (too many aliases?)",
    "deep nesting": "content/talks/deep-nesting.md:5:56: the YAML nests deeper than 50 levels",
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_a_file_that_is_not_plain_text_and_yaml_is_one_positioned_line(built, case):
    assert UNREADABLE[case] in reported(built("unreadable-files"))


def test_unreadable_files_give_exactly_one_line_each(built):
    assert sorted(reported(built("unreadable-files"))) == sorted(UNREADABLE.values())


def test_a_utf16_file_with_a_byte_order_mark_is_read(built):
    result = built("utf16-content")
    assert result.ok, [str(p) for p in result.problems] + result.errors
    soup = page(result.output, "events/meetup-1/index.html")
    assert soup.h1.get_text(strip=True) == "Setkání č. 1"


@pytest.mark.parametrize("name", ["alias-bomb", "deep-nesting"])
def test_hostile_yaml_is_refused_in_well_under_a_second(name):
    text = (SCENARIOS / "unreadable-files" / "content" / "talks" / f"{name}.md").read_text("utf-8")
    started = time.perf_counter()
    document, problems = parse(text, f"{name}.md")
    assert time.perf_counter() - started < 0.5
    assert document is None
    assert len(problems) == 1
