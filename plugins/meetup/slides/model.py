"""What the talk templates get: plain frozen data, no behaviour beyond small derived values.

Paths are output-relative POSIX strings (``talks/<slug>/slides.pdf``); templates
prefix them with ``SITEURL``.  Sequences are tuples so a TalkMedia cannot be
changed after prepare_slides built it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kernel.problems import Problem

from .settings import SlidesSettings


@dataclass(frozen=True)
class SlidePage:
    """One rendered PDF page: full-size image and thumbnail, both with their pixel sizes."""

    number: int
    image: str
    width: int
    height: int
    thumb: str
    thumb_width: int
    thumb_height: int
    alt: str


@dataclass(frozen=True)
class PdfSlides:
    source_rel: str  # path under content/, e.g. "slides/docker-101.pdf"
    output: str  # "talks/<slug>/slides.pdf"
    size_bytes: int
    size_human: str  # "1.2 MB"
    sha256: str
    pages: tuple[SlidePage, ...]
    # where write_media finds the images: cache_dir/slides/<cache_key>/, rendered with these
    cache_key: str = ""
    render_settings: SlidesSettings | None = None

    @property
    def page_count(self) -> int:
        return len(self.pages)


@dataclass(frozen=True)
class DeckSlide:
    html: str  # rendered from the organizer's Markdown: the only HTML templates mark safe
    notes_html: str  # "" when the slide has no speaker notes


@dataclass(frozen=True)
class Deck:
    source_rel: str  # "slides/ceph-and-docker.md"
    title: str
    slides: tuple[DeckSlide, ...]
    output: str  # "talks/<slug>/deck/index.html"


@dataclass(frozen=True)
class Embed:
    """A hosted slide deck or video, or a same-origin video file.

    ``embed_url`` is None when the URL is only shown as a link (an unrecognised
    host, or a provider whose embed needs an id the URL does not carry).
    """

    provider: str  # display name: "YouTube", "Speaker Deck", "Video file", or the host name
    provider_id: str  # "youtube", "vimeo", "peertube", "speakerdeck", ..., "file", "link"
    url: str  # the URL as the organizer wrote it (or the copied file's output path)
    embed_url: str | None
    kind: str  # "slides" | "video"
    thumbnail: str | None = None  # a local, output-relative image; never a third-party one
    media_type: str | None = None  # "video/mp4" for files
    same_origin: bool = False  # a file served by this site: <video preload="none"> is fine


@dataclass(frozen=True)
class TalkMedia:
    talk_slug: str
    talk_title: str
    pdf: PdfSlides | None = None
    deck: Deck | None = None
    hosted_slides: Embed | None = None
    video: Embed | None = None
    # schema.org VideoObject as JSON text already safe inside <script> (<, >, & escaped)
    video_jsonld: str | None = None
    captions: str | None = None  # output path of the recording's WebVTT captions
    captions_language: str = ""  # BCP 47, the talk's language: <track srclang>
    transcript_html: str | None = None  # rendered from the organizer's Markdown
    warnings: tuple[Problem, ...] = field(default_factory=tuple)
    # local files to copy into the output: (path under content/, output path)
    copies: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def has_slides(self) -> bool:
        return bool(self.pdf or self.deck or self.hosted_slides)

    @property
    def slides_link(self) -> str | None:
        """Where "the slides" lead in one tap: the PDF file, the deck page (both output
        paths) or the hosted slides' own address."""
        if self.pdf:
            return self.pdf.output
        if self.deck:
            return self.deck.output
        return self.hosted_slides.url if self.hosted_slides else None

    @property
    def has_video(self) -> bool:
        return self.video is not None

    @property
    def og_image(self) -> str | None:
        """The first slide's image, a fair preview of the talk for link cards."""
        return self.pdf.pages[0].image if self.pdf and self.pdf.pages else None
