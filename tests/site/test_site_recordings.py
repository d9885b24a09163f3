"""Recordings for everyone: captions and transcripts on talk pages and in the VideoObject.

Scenario tests/data/site/recordings: "ownership" (Czech) plays an .mp4 this site
serves, with WebVTT captions and a transcript file; "borrowing" is on YouTube,
with captions and an inline transcript. recordings-bad holds the mistakes.
"""

from __future__ import annotations

import json

import pytest
from builtsite import SCENARIOS, build_scenario, link_targets, page
from kernel.problems import display_path

SITEURL = "https://meetup.example.org"
OWNERSHIP = "talks/ownership/index.html"
BORROWING = "talks/borrowing/index.html"


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    return build_scenario("recordings", tmp_path_factory.mktemp("recordings") / "output", SITEURL=SITEURL)


def video_object(soup) -> dict:
    return json.loads(soup.select_one('script[type="application/ld+json"]').string)


def test_a_video_this_site_serves_gets_a_captions_track_in_the_talks_language(output):
    track = page(output, OWNERSHIP).select_one(".talk-recording video track")
    assert (track["kind"], track["srclang"], track["label"]) == ("captions", "cs", "Captions")
    assert track.has_attr("default")
    assert link_targets(OWNERSHIP, [track["src"]]) == ["talks/ownership/captions.vtt"]
    source = SCENARIOS / "recordings" / "content" / "media" / "ownership.vtt"
    assert (output / "talks/ownership/captions.vtt").read_bytes() == source.read_bytes()


def test_a_hosted_player_gets_the_captions_as_a_link_beside_it(output):
    soup = page(output, BORROWING)
    assert soup.select(".talk-recording track") == []
    links = {a.get_text(strip=True): a["href"] for a in soup.select(".talk-recording .recording-aids a")}
    assert link_targets(BORROWING, [links["Captions (WebVTT)"]]) == ["talks/borrowing/captions.vtt"]
    assert links["Read the transcript"] == "#transcript"
    assert (output / "talks/borrowing/captions.vtt").is_file()


def test_a_transcript_file_is_shown_under_its_own_heading(output):
    section = page(output, OWNERSHIP).select_one("section#transcript")
    assert section.find("h2").get_text(strip=True) == "Transcript"
    # the file's "## Part one" sits one level below the section heading
    assert [(h.name, h.get_text(strip=True)) for h in section.select("h3, h4")] == [("h3", "Part one")]
    assert section.find("em").get_text() == "one"


def test_an_inline_transcript_keeps_angle_brackets_as_text(output):
    section = page(output, BORROWING).select_one("section#transcript")
    paragraphs = [p.get_text() for p in section.find_all("p")]
    assert paragraphs == ["Good evening. Tonight is about borrowing.", "A reference & its <lifetime> come first."]
    assert section.find("lifetime") is None


def test_the_video_object_carries_the_caption_file_and_the_transcript(output):
    data = video_object(page(output, OWNERSHIP))
    assert data["caption"] == {"@type": "MediaObject", "contentUrl": f"{SITEURL}/talks/ownership/captions.vtt",
                               "encodingFormat": "text/vtt"}
    assert data["transcript"] == "Part one Dobrý večer. Every value has one owner."


def test_the_hosted_video_object_carries_them_too(output):
    data = video_object(page(output, BORROWING))
    assert data["caption"]["contentUrl"] == f"{SITEURL}/talks/borrowing/captions.vtt"
    assert data["transcript"] == "Good evening. Tonight is about borrowing. A reference & its <lifetime> come first."


def test_bad_captions_and_transcripts_are_each_a_positioned_problem(build_site, scenario, tmp_path):
    content = scenario("recordings-bad")
    result = build_site(content)
    assert not result.ok
    assert [str(p) for p in result.problems] == [
        "content/talks/not-vtt.md:6:11: captions: "
        f"{display_path(content / 'media' / 'subtitles.vtt')} is not WebVTT: its first line must begin with WEBVTT",
        f"content/talks/not-vtt.md:7:13: transcript: {display_path(content / 'transcripts' / 'missing.md')} "
        "does not exist",
        "content/talks/no-video.md:5:11: captions: captions belong to a recording: the talk has no video",
    ]
    assert not (tmp_path / "output").exists()
