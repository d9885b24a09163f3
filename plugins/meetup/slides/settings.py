"""MEETUP_SLIDES_* settings: every default lives here, read once per build."""

from __future__ import annotations

from dataclasses import dataclass

from kernel.problems import Problem

from .errors import SlidesError

DEFAULTS: dict[str, object] = {
    "MEETUP_SLIDES_IMAGE_WIDTH": 960,
    "MEETUP_SLIDES_THUMB_WIDTH": 320,
    "MEETUP_SLIDES_IMAGE_FORMAT": "webp",
    "MEETUP_SLIDES_IMAGE_QUALITY": 80,
    "MEETUP_SLIDES_MARKDOWN_EXTENSIONS": ["extra", "sane_lists"],
}

IMAGE_FORMATS = ("webp", "png")


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


def _positive_int(name: str, value: object, problems: list[Problem]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        problems.append(Problem("pelicanconf.py", 0, 0, f"{name} must be a positive whole number, not {value!r}"))
        return 1
    return value


def read_settings(settings: dict) -> SlidesSettings:
    """The slide settings from Pelican's settings dict, defaults filled in, checked together."""
    merged = {**DEFAULTS, **{k: v for k, v in settings.items() if k in DEFAULTS}}
    problems: list[Problem] = []
    width = _positive_int("MEETUP_SLIDES_IMAGE_WIDTH", merged["MEETUP_SLIDES_IMAGE_WIDTH"], problems)
    thumb = _positive_int("MEETUP_SLIDES_THUMB_WIDTH", merged["MEETUP_SLIDES_THUMB_WIDTH"], problems)
    quality = _positive_int(
        "MEETUP_SLIDES_IMAGE_QUALITY", merged["MEETUP_SLIDES_IMAGE_QUALITY"], problems
    )
    if quality > 100:
        problems.append(
            Problem("pelicanconf.py", 0, 0, f"MEETUP_SLIDES_IMAGE_QUALITY must be 1-100, not {quality}")
        )
    image_format = str(merged["MEETUP_SLIDES_IMAGE_FORMAT"]).lower()
    if image_format not in IMAGE_FORMATS:
        problems.append(
            Problem(
                "pelicanconf.py",
                0,
                0,
                f"MEETUP_SLIDES_IMAGE_FORMAT must be one of {', '.join(IMAGE_FORMATS)},"
                f" not {merged['MEETUP_SLIDES_IMAGE_FORMAT']!r}",
            )
        )
    extensions = merged["MEETUP_SLIDES_MARKDOWN_EXTENSIONS"]
    if isinstance(extensions, str) or not all(isinstance(e, str) for e in extensions):
        problems.append(
            Problem(
                "pelicanconf.py", 0, 0, "MEETUP_SLIDES_MARKDOWN_EXTENSIONS must be a list of names"
            )
        )
        extensions = DEFAULTS["MEETUP_SLIDES_MARKDOWN_EXTENSIONS"]
    if problems:
        raise SlidesError(problems)
    return SlidesSettings(
        image_width=width,
        thumb_width=thumb,
        image_format=image_format,
        image_quality=quality,
        markdown_extensions=tuple(extensions),
        siteurl=str(settings.get("SITEURL", "") or "").rstrip("/"),
    )
