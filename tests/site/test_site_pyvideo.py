"""PyVideo records: one JSON file per recorded talk, in the pyvideo/data video format.

pyvideo.org lists a conference's recordings from such files (title, speakers, recorded,
videos, description, slug, related_urls, tags), so a meetup's recordings can be
submitted there as they are.
"""

from __future__ import annotations

import json
from pathlib import Path

from builtsite import PUBLISHED_SITEURL, front_matter, resolve

SITEURL = PUBLISHED_SITEURL


def record(output: Path, slug: str) -> dict:
    return json.loads((output / "talks" / slug / "pyvideo.json").read_text("utf-8"))


def test_a_recorded_talk_has_a_pyvideo_record_field_by_field(schedules_published):
    assert record(schedules_published, "channels-in-depth") == {
        "title": "Channels <in> depth & select",
        "speakers": ["Ada Example"],
        "recorded": "2026-12-10",
        "videos": [{"type": "youtube", "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ"}],
        "description": "How channels work inside the runtime, and when select picks which case.",
        "slug": "channels-in-depth",
        "related_urls": [
            {"label": "Talk page", "url": f"{SITEURL}/talks/channels-in-depth/index.html"},
            {"label": "Brno Gophers #4", "url": f"{SITEURL}/events/brno-gophers-4/index.html"},
            {"label": "Slides", "url": "https://speakerdeck.com/player/0123456789abcdef0123456789abcdef"},
        ],
        "tags": ["concurrency"],
        "language": "English",
    }


def test_a_video_file_is_named_by_its_type(schedules_published):
    assert record(schedules_published, "modules-without-tears")["videos"] == [
        {"type": "mp4", "url": "https://media.example.org/recordings/modules-without-tears.mp4"}]


def test_talks_without_a_recording_have_no_record(schedules_published):
    records = sorted(p.parent.name for p in (schedules_published / "talks").glob("*/pyvideo.json"))
    assert records == ["channels-in-depth", "modules-without-tears"]


def test_without_a_site_address_related_urls_are_relative_to_the_record(schedules_development):
    rel = "talks/channels-in-depth/pyvideo.json"
    related = record(schedules_development, "channels-in-depth")["related_urls"]
    assert [item["url"] for item in related[:2]] == ["index.html", "../../events/brno-gophers-4/index.html"]
    assert all((schedules_development / resolve(rel, item["url"])).is_file() for item in related[:2])


def test_the_sample_sites_recorded_talk_has_its_record(sample_site):
    talk = front_matter(Path(__file__).resolve().parents[2] / "content" / "talks" / "demo-recorded-talk.md")
    data = record(sample_site, "demo-recorded-talk")
    assert (data["title"], data["speakers"], data["videos"]) == (
        talk["title"], [s["name"] for s in talk["speakers"]], [{"type": "youtube", "url": talk["video"]}])
    assert data["tags"] == talk["tags"]
