"""The theme's slide and recording partials and the deck page, rendered and parsed.

The partials promise that nothing is fetched from a third party before the
visitor clicks: no iframe, no foreign image, script or video in the HTML.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader, StrictUndefined
from meetup.slides import prepare_slides

THEME = Path(__file__).resolve().parents[2] / "theme" / "templates"
SITEURL = "https://meetup.example.org"
STAND_IN_BASE = """<!DOCTYPE html><html><head><title>{% block title %}{% endblock %}</title>
{% block head %}{% endblock %}</head><body><main>{% block content %}{% endblock %}</main></body></html>"""

# Attributes that make a browser fetch something as soon as the page loads.
FETCHING = {
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "script": ("src",),
    "link": ("href",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "source": ("src", "srcset"),
    "object": ("data",),
    "embed": ("src",),
}


@pytest.fixture
def env() -> Environment:
    # The real base.html belongs to the site theme; a stand-in with the same blocks keeps
    # these tests about the slide templates alone.
    loader = ChoiceLoader([DictLoader({"base.html": STAND_IN_BASE}), FileSystemLoader(THEME)])
    return Environment(loader=loader, autoescape=True, undefined=StrictUndefined)


def render_partials(env: Environment, media, title: str = "Docker 101") -> BeautifulSoup:
    template = env.from_string(
        '{% include "partials/slides.html" %}{% include "partials/recording.html" %}'
    )
    talk = SimpleNamespace(title=title, url="talks/docker-101/index.html")
    html = template.render(media=media, talk=talk, SITEURL=SITEURL, THEME_STATIC_DIR="theme")
    return BeautifulSoup(html, "html.parser")


def fetched_urls(soup: BeautifulSoup) -> list[str]:
    urls = []
    for tag, attributes in FETCHING.items():
        for element in soup.find_all(tag):
            for attribute in attributes:
                value = element.get(attribute)
                if value:
                    urls.extend(part.split()[0] for part in value.split(",") if part.strip())
    return urls


def third_party(url: str) -> bool:
    return urlsplit(url).netloc not in ("", urlsplit(SITEURL).netloc)


def media(content_root, cache_dir, slides=None, video=None, title="Docker 101"):
    return prepare_slides(
        "docker-101", title, slides, video, content_root, cache_dir, {"SITEURL": SITEURL}
    )


def test_the_pdf_strip_shows_every_page_with_size_and_alt_text(env, content_root, cache_dir):
    talk_media = media(content_root, cache_dir, slides="slides/docker-101.pdf")

    soup = render_partials(env, talk_media)

    images = soup.select(".slides-strip img")
    assert len(images) == talk_media.pdf.page_count == 3
    for image, page in zip(images, talk_media.pdf.pages, strict=True):
        assert image["alt"] == f"Slide {page.number} of 3: Docker 101"
        assert (int(image["width"]), int(image["height"])) == (page.thumb_width, page.thumb_height)
        assert image["loading"] == "lazy"
        assert image["src"] == f"{SITEURL}/{page.thumb}"
        assert image.find_parent("a")["href"] == f"{SITEURL}/{page.image}"


def test_the_download_link_names_the_file_size(env, content_root, cache_dir):
    talk_media = media(content_root, cache_dir, slides="slides/docker-101.pdf")

    soup = render_partials(env, talk_media)

    link = soup.select_one(".slides-download a")
    assert link["href"] == f"{SITEURL}/talks/docker-101/slides.pdf"
    note = " ".join(soup.select_one(".slides-download").get_text(" ").split())
    assert f"(PDF, 3 pages, {talk_media.pdf.size_human})" in note


def test_the_in_page_pdf_viewer_waits_for_a_click(env, content_root, cache_dir):
    soup = render_partials(env, media(content_root, cache_dir, slides="slides/docker-101.pdf"))

    button = soup.select_one(".slides-viewer button")
    assert button.has_attr("hidden")  # embed.js reveals it; without JavaScript there is the link
    assert button["data-embed-kind"] == "pdf"
    assert button["data-embed-src"] == f"{SITEURL}/talks/docker-101/slides.pdf"
    assert soup.find("object") is None


@pytest.mark.parametrize(
    ("slides", "video"),
    [
        ("https://speakerdeck.com/player/aaaa9966971e4118b69b6717ed0f4034", "https://youtu.be/dQw4w9WgXcQ"),
        ("https://docs.google.com/presentation/d/1AbCdEfGhIjKlMnOpQrStUvWxYz01234/edit", "https://vimeo.com/76979871"),
        ("https://www.slideshare.net/slideshow/docker-101/52812345", "https://framatube.org/w/kkGMgK9ZtnKfYAgnEtQxbv"),
        ("https://noti.st/someone/3fdyeY", "https://media.example.net/ceph.mp4"),
    ],
)
def test_hosted_players_make_no_third_party_request_before_the_click(
    env, content_root, cache_dir, slides, video
):
    talk_media = media(content_root, cache_dir, slides=slides, video=video)

    soup = render_partials(env, talk_media)

    assert soup.find("iframe") is None
    assert soup.find("video") is None
    assert [url for url in fetched_urls(soup) if third_party(url)] == []
    links = [a["href"] for a in soup.select("a.embed-link")]
    assert links == [slides, video]


def test_the_click_to_load_button_carries_the_player_address(env, content_root, cache_dir):
    talk_media = media(content_root, cache_dir, video="https://youtu.be/dQw4w9WgXcQ?t=90")

    soup = render_partials(env, talk_media)

    placeholder = soup.select_one(".talk-recording .embed-placeholder")
    assert placeholder.has_attr("hidden")
    button = placeholder.find("button")
    assert button["data-embed-src"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90"
    assert button["data-embed-kind"] == "iframe"
    assert button.has_attr("data-embed-autoplay")


def test_a_video_file_from_another_site_also_waits_for_a_click(env, content_root, cache_dir):
    soup = render_partials(env, media(content_root, cache_dir, video="https://media.example.net/ceph.mp4"))

    assert soup.find("video") is None
    assert soup.select_one(".talk-recording button")["data-embed-kind"] == "video"


def test_a_video_file_of_this_site_plays_in_place_without_preloading(env, content_root, cache_dir):
    soup = render_partials(env, media(content_root, cache_dir, video=f"{SITEURL}/media/ceph.mp4"))

    video = soup.find("video")
    assert video["preload"] == "none"
    assert video["src"] == f"{SITEURL}/media/ceph.mp4"
    assert soup.find("button") is None


def test_an_unrecognised_link_is_only_a_link(env, content_root, cache_dir):
    soup = render_partials(env, media(content_root, cache_dir, slides="https://talks.example.org/d101"))

    assert soup.find("button") is None
    assert [a["href"] for a in soup.select(".talk-slides a")] == ["https://talks.example.org/d101"]


def test_a_deck_is_linked_with_its_slide_count(env, content_root, cache_dir):
    soup = render_partials(env, media(content_root, cache_dir, slides="slides/fenced.md"))

    link = soup.select_one(".slides-deck a")
    assert link["href"] == f"{SITEURL}/talks/docker-101/deck/index.html"
    assert "3 slides" in soup.select_one(".slides-deck").get_text()


def test_talk_titles_are_escaped_everywhere(env, content_root, cache_dir):
    title = '<img src="https://evil.test/x.png">Docker'
    talk_media = media(
        content_root, cache_dir, slides="slides/docker-101.pdf",
        video="https://youtu.be/dQw4w9WgXcQ", title=title,
    )

    soup = render_partials(env, talk_media, title=title)

    assert [url for url in fetched_urls(soup) if third_party(url)] == []
    assert soup.select_one(".slides-strip img")["alt"] == f"Slide 1 of 3: {title}"


def test_nothing_is_rendered_for_a_talk_without_media(env, content_root, cache_dir):
    soup = render_partials(env, media(content_root, cache_dir))

    assert soup.find(True) is None


def render_deck(env: Environment, deck) -> BeautifulSoup:
    html = env.get_template("deck.html").render(
        deck=deck,
        talk=SimpleNamespace(title="Docker 101", url="talks/docker-101/index.html"),
        SITEURL=SITEURL,
        SITENAME="Docker Brno",
        THEME_STATIC_DIR="theme",
    )
    return BeautifulSoup(html, "html.parser")


def test_the_deck_page_lists_every_slide_with_a_numbered_anchor(env, content_root, cache_dir):
    deck = media(content_root, cache_dir, slides="slides/fenced.md").deck

    soup = render_deck(env, deck)

    slides = soup.select(".deck-slide")
    assert [s["id"] for s in slides] == ["1", "2", "3"]
    assert [s.select_one(".deck-slide-body h2").get_text() for s in slides] == [
        "Compose files", "Tildes too", "Last slide"
    ]
    assert slides[1]["aria-label"] == "2 of 3"


def test_speaker_notes_are_in_the_page_but_hidden(env, content_root, cache_dir):
    deck = media(content_root, cache_dir, slides="slides/fenced.md").deck

    soup = render_deck(env, deck)

    notes = soup.select(".deck-notes")
    assert len(notes) == sum(1 for s in deck.slides if s.notes_html) == 2
    assert all(note.has_attr("hidden") for note in notes)


def test_the_deck_page_loads_only_its_own_script_and_stylesheet(env, content_root, cache_dir):
    soup = render_deck(env, media(content_root, cache_dir, slides="slides/fenced.md").deck)

    assert soup.select_one("script[src]")["src"] == f"{SITEURL}/theme/js/deck.js"
    assert soup.select_one("link[rel=stylesheet]")["href"] == f"{SITEURL}/theme/css/slides.css"
    assert [url for url in fetched_urls(soup) if third_party(url)] == []
    assert soup.select_one(".deck-controls").has_attr("hidden")
