"""prepare_slides as a whole: hosted links, recordings, VideoObject data and settings."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from meetup.slides import SlidesError, prepare_slides, write_media
from slides_testdata import TALK


def media_for(content_root: Path, cache_dir: Path, slides=None, video=None, settings=None, **extra):
    return prepare_slides(
        "docker-101", "Docker 101", slides, video, content_root, cache_dir, settings or {},
        talk_source=str(content_root / TALK), **extra,
    )


def test_a_talk_without_slides_or_video_has_no_media(content_root, cache_dir):
    media = media_for(content_root, cache_dir)

    assert (media.pdf, media.deck, media.hosted_slides, media.video) == (None, None, None, None)
    assert not media.has_slides and not media.has_video


def test_an_unrecognised_slides_url_is_a_warning_against_the_talk_file(content_root, cache_dir):
    media = media_for(content_root, cache_dir, slides="https://talks.example.org/docker-101")

    [warning] = media.warnings
    assert warning.file == str(content_root / TALK)
    assert warning.line == 5
    assert media.hosted_slides.embed_url is None
    assert media.hosted_slides.url == "https://talks.example.org/docker-101"


def test_a_script_url_is_an_error_not_a_link(content_root, cache_dir):
    with pytest.raises(SlidesError) as caught:
        media_for(content_root, cache_dir, video="javascript:alert(1)")

    [problem] = caught.value.problems
    assert problem.line == 6  # the `video:` line
    assert "only http and https" in problem.message


def test_every_problem_of_a_talk_is_reported_at_once(content_root, cache_dir):
    with pytest.raises(SlidesError) as caught:
        media_for(
            content_root, cache_dir, slides="slides/locked.pdf", video="clips/none.mp4",
            video_date="20 October",
        )

    assert [p.line for p in caught.value.problems] == [5, 6, 7]


def test_a_local_video_file_is_copied_and_played_in_place(content_root, cache_dir, output_dir):
    (content_root / "videos").mkdir()
    (content_root / "videos" / "ceph.webm").write_bytes(b"\x1aE\xdf\xa3 webm bytes")

    media = media_for(content_root, cache_dir, video="videos/ceph.webm")
    write_media(media, content_root, output_dir, cache_dir)

    assert media.video.same_origin is True
    assert media.video.media_type == "video/webm"
    assert (output_dir / media.video.url).read_bytes() == b"\x1aE\xdf\xa3 webm bytes"


def test_video_jsonld_holds_only_known_facts(content_root, cache_dir):
    media = media_for(
        content_root, cache_dir, video="https://youtu.be/dQw4w9WgXcQ",
        settings={"SITEURL": "https://meetup.example.org"}, description="Containers, hands on.",
    )

    data = json.loads(media.video_jsonld)
    assert data == {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": "Docker 101",
        "description": "Containers, hands on.",
        "embedUrl": "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    }


def test_video_date_becomes_upload_date_and_the_first_slide_the_thumbnail(content_root, cache_dir):
    media = media_for(
        content_root, cache_dir, slides="slides/docker-101.pdf", video="https://youtu.be/dQw4w9WgXcQ",
        settings={"SITEURL": "https://meetup.example.org/"}, video_date="2015-10-20",
    )

    data = json.loads(media.video_jsonld)
    assert data["uploadDate"] == "2015-10-20"
    assert data["thumbnailUrl"] == f"https://meetup.example.org/{media.pdf.pages[0].image}"
    assert media.og_image == media.pdf.pages[0].image


def test_a_date_object_is_accepted_as_video_date(content_root, cache_dir):
    media = media_for(
        content_root, cache_dir, video="https://vimeo.com/76979871", video_date=date(2015, 10, 20)
    )

    assert json.loads(media.video_jsonld)["uploadDate"] == "2015-10-20"


def test_a_plain_link_recording_gets_no_video_object(content_root, cache_dir):
    media = media_for(content_root, cache_dir, video="https://talks.example.org/recording")

    assert media.video_jsonld is None


def test_video_jsonld_cannot_close_its_script_element(content_root, cache_dir):
    media = prepare_slides(
        "x", "</script><script>alert(1)</script>", None, "https://youtu.be/dQw4w9WgXcQ",
        content_root, cache_dir, {},
    )

    assert "<" not in media.video_jsonld
    assert json.loads(media.video_jsonld)["name"] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"MEETUP_SLIDES_IMAGE_WIDTH": 0}, "MEETUP_SLIDES_IMAGE_WIDTH must be a positive"),
        ({"MEETUP_SLIDES_IMAGE_FORMAT": "gif"}, "MEETUP_SLIDES_IMAGE_FORMAT must be one of webp, png"),
        ({"MEETUP_SLIDES_IMAGE_QUALITY": 101}, "MEETUP_SLIDES_IMAGE_QUALITY must be 1-100"),
    ],
)
def test_bad_settings_are_reported_by_name(content_root, cache_dir, settings, message):
    with pytest.raises(SlidesError) as caught:
        media_for(content_root, cache_dir, settings=settings)

    assert message in str(caught.value)
