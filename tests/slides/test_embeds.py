"""Hosted slides and videos: the URL an organizer pastes decides the player's address."""

from __future__ import annotations

import pytest
from meetup.slides.embeds import UnsafeUrl, recognise

YT = "https://www.youtube-nocookie.com/embed"

# (kind, URL as pasted, provider id, embed URL or None for a plain link)
CASES = [
    ("video", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", f"{YT}/dQw4w9WgXcQ"),
    ("video", "https://youtube.com/watch?v=dQw4w9WgXcQ&feature=share", "youtube", f"{YT}/dQw4w9WgXcQ"),
    ("video", "https://m.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", f"{YT}/dQw4w9WgXcQ"),
    ("video", "https://youtu.be/dQw4w9WgXcQ", "youtube", f"{YT}/dQw4w9WgXcQ"),
    ("video", "https://youtu.be/dQw4w9WgXcQ?t=90", "youtube", f"{YT}/dQw4w9WgXcQ?start=90"),
    ("video", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s", "youtube",
     f"{YT}/dQw4w9WgXcQ?start=90"),
    ("video", "https://www.youtube.com/embed/dQw4w9WgXcQ", "youtube", f"{YT}/dQw4w9WgXcQ"),
    ("video", "https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube", f"{YT}/dQw4w9WgXcQ"),
    ("video", "https://www.youtube.com/live/dQw4w9WgXcQ", "youtube", f"{YT}/dQw4w9WgXcQ"),
    ("video", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "youtube", f"{YT}/dQw4w9WgXcQ"),
    ("video", "https://www.youtube.com/playlist?list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs",
     "youtube", f"{YT}/videoseries?list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs"),
    ("video", "https://vimeo.com/76979871", "vimeo", "https://player.vimeo.com/video/76979871?dnt=1"),
    ("video", "https://vimeo.com/76979871/8272103f6e", "vimeo",
     "https://player.vimeo.com/video/76979871?h=8272103f6e&dnt=1"),
    ("video", "https://vimeo.com/channels/staffpicks/76979871", "vimeo",
     "https://player.vimeo.com/video/76979871?dnt=1"),
    ("video", "https://player.vimeo.com/video/76979871", "vimeo",
     "https://player.vimeo.com/video/76979871?dnt=1"),
    ("video", "https://framatube.org/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d",
     "peertube", "https://framatube.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d"),
    ("video", "https://peertube.example.org/w/kkGMgK9ZtnKfYAgnEtQxbv", "peertube",
     "https://peertube.example.org/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv"),
    ("video", "https://peertube.example.org/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv", "peertube",
     "https://peertube.example.org/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv"),
    ("video", "https://peertube.example.org/w/p/kkGMgK9ZtnKfYAgnEtQxbv", "peertube",
     "https://peertube.example.org/video-playlists/embed/kkGMgK9ZtnKfYAgnEtQxbv"),
    ("video", "https://media.example.org/talks/ceph.mp4", "file", "https://media.example.org/talks/ceph.mp4"),
    ("video", "https://media.example.org/talks/ceph.WEBM", "file", "https://media.example.org/talks/ceph.WEBM"),
    ("slides", "https://speakerdeck.com/player/aaaa9966971e4118b69b6717ed0f4034", "speakerdeck",
     "https://speakerdeck.com/player/aaaa9966971e4118b69b6717ed0f4034"),
    ("slides", "https://speakerdeck.com/someone/docker-101", "speakerdeck", None),
    ("slides", "https://www.slideshare.net/slideshow/docker-101/52812345", "slideshare",
     "https://www.slideshare.net/slideshow/embed_code/52812345"),
    ("slides", "https://www.slideshare.net/someone/docker-101-52812345", "slideshare",
     "https://www.slideshare.net/slideshow/embed_code/52812345"),
    ("slides", "https://de.slideshare.net/someone/docker-101-52812345", "slideshare",
     "https://www.slideshare.net/slideshow/embed_code/52812345"),
    ("slides", "https://www.slideshare.net/slideshow/embed_code/key/yXbVQKUZ9hxHnE", "slideshare",
     "https://www.slideshare.net/slideshow/embed_code/key/yXbVQKUZ9hxHnE"),
    ("slides", "https://www.slideshare.net/someone/docker-101", "slideshare", None),
    ("slides", "https://docs.google.com/presentation/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit#slide=id.p",
     "googleslides", "https://docs.google.com/presentation/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/embed"),
    ("slides", "https://docs.google.com/presentation/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/view",
     "googleslides", "https://docs.google.com/presentation/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/embed"),
    ("slides", "https://docs.google.com/presentation/d/e/2PACX-1vQabcdefghijklmnop/pub?start=false",
     "googleslides", "https://docs.google.com/presentation/d/e/2PACX-1vQabcdefghijklmnop/embed"),
    ("slides", "https://noti.st/someone/3fdyeY/docker-101", "notist", None),
    ("slides", "https://noti.st/someone/3fdyeY", "notist", None),
]


@pytest.mark.parametrize(("kind", "url", "provider_id", "embed_url"), CASES)
def test_each_url_form_maps_to_its_player(kind, url, provider_id, embed_url):
    found = recognise(url, kind)

    assert found.embed.provider_id == provider_id
    assert found.embed.embed_url == embed_url
    assert found.embed.url == url
    assert found.embed.kind == kind


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/76979871",
        "https://docs.google.com/presentation/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit",
        "https://noti.st/someone/3fdyeY",
    ],
)
def test_a_recognised_url_gives_no_warning(url):
    assert recognise(url, "slides").warning is None


@pytest.mark.parametrize(
    ("url", "advice"),
    [
        ("https://speakerdeck.com/someone/docker-101", "speakerdeck.com/player/"),
        ("https://www.slideshare.net/someone/docker-101", "Share > Embed"),
    ],
)
def test_a_provider_url_without_an_embeddable_id_says_where_to_find_one(url, advice):
    found = recognise(url, "slides")

    assert found.embed.embed_url is None
    assert advice in found.warning


def test_an_unknown_host_is_a_plain_link_with_a_warning():
    found = recognise("https://talks.example.org/docker-101", "slides")

    assert found.embed.provider_id == "link"
    assert found.embed.provider == "talks.example.org"
    assert found.embed.embed_url is None
    assert "not from a recognised slides host" in found.warning


def test_a_path_that_only_looks_like_peertube_is_not_embedded():
    found = recognise("https://en.example.org/w/index.php", "video")

    assert found.embed.provider_id == "link"


def test_a_video_file_on_this_site_plays_in_place():
    found = recognise("https://meetup.example.org/media/ceph.mp4", "video", "https://meetup.example.org")

    assert found.embed.same_origin is True
    assert found.embed.media_type == "video/mp4"


def test_a_video_file_elsewhere_is_not_same_origin():
    found = recognise("https://meetup.example.org.evil.test/ceph.mp4", "video", "https://meetup.example.org")

    assert found.embed.same_origin is False


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://example.org/slides.pdf", "https://"]
)
def test_only_http_and_https_addresses_are_accepted(url):
    with pytest.raises(UnsafeUrl):
        recognise(url, "slides")
