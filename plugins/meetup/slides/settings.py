"""MEETUP_SLIDES_* settings, declared once (name, default, doc, check), read once per build."""

from __future__ import annotations

from dataclasses import dataclass

from kernel.settings import Setting, checked, positive_int, resolved

from .errors import SlidesError

IMAGE_FORMATS = ("webp", "png")


def _quality(value: object) -> str | None:
    refused = positive_int(value)
    if refused is None and value > 100:
        refused = f"must be 1-100, not {value}"
    return refused


def _image_format(value: object) -> str | None:
    if str(value).lower() in IMAGE_FORMATS:
        return None
    return f"must be one of {', '.join(IMAGE_FORMATS)}, not {value!r}"


def _extensions(value: object) -> str | None:
    if not isinstance(value, (list, tuple)) or not all(isinstance(e, str) for e in value):
        return "must be a list of names"
    return None


SETTINGS: tuple[Setting, ...] = (
    Setting("MEETUP_SLIDES_IMAGE_WIDTH", 960, "width in pixels of a PDF slide page image", positive_int),
    Setting("MEETUP_SLIDES_THUMB_WIDTH", 320, "width in pixels of a slide thumbnail", positive_int),
    Setting("MEETUP_SLIDES_IMAGE_FORMAT", "webp", "slide page images: webp or png", _image_format),
    Setting("MEETUP_SLIDES_IMAGE_QUALITY", 80, "WebP quality of slide page images, 1-100", _quality),
    Setting("MEETUP_SLIDES_MARKDOWN_EXTENSIONS", ["extra", "sane_lists"],
            "Python-Markdown extensions for Markdown decks", _extensions),
)
DEFAULTS: dict[str, object] = resolved(SETTINGS, {})


@dataclass(frozen=True)
class SlidesSettings:
    image_width: int
    thumb_width: int
    image_format: str
    image_quality: int
    markdown_extensions: tuple[str, ...]
    siteurl: str

    def render_key(self) -> dict:
        """The settings that change rendered page images (and so the cache key)."""
        return {
            "image_width": self.image_width,
            "thumb_width": self.thumb_width,
            "image_format": self.image_format,
            "image_quality": self.image_quality,
        }


def read_settings(settings: dict) -> SlidesSettings:
    """The slide settings from Pelican's settings dict, defaults filled in, checked together."""
    merged = checked(SETTINGS, settings, error=SlidesError)
    return SlidesSettings(
        image_width=merged["MEETUP_SLIDES_IMAGE_WIDTH"],
        thumb_width=merged["MEETUP_SLIDES_THUMB_WIDTH"],
        image_format=str(merged["MEETUP_SLIDES_IMAGE_FORMAT"]).lower(),
        image_quality=merged["MEETUP_SLIDES_IMAGE_QUALITY"],
        markdown_extensions=tuple(merged["MEETUP_SLIDES_MARKDOWN_EXTENSIONS"]),
        siteurl=str(settings.get("SITEURL", "") or "").rstrip("/"),
    )
