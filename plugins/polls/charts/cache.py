"""The chart cache: one file per chart and format, named by a key of what is drawn.

The key (kernel.cache) covers the exact rows drawn (canonical JSON of the spec),
the source of this package (drawing code and style constants alike) and the
matplotlib version, so an unchanged chart is never drawn twice and any change
that could alter its pixels gives it a new file.  Nothing here imports
matplotlib: a build whose charts are all cached never loads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType

from kernel.cache import Cache

from .spec import ChartSpec

NAME = "charts"  # kernel.cache.CACHES
# the whole package draws: an edit to any of its modules may change a chart's pixels
CODE = (Path(__file__).resolve().parent,)
LIBRARIES = ("matplotlib",)

# Format name -> file suffix.  "og" is the 1200x630 Open Graph card.
FORMATS = MappingProxyType({"svg": ".svg", "png": ".png", "og": ".og.png"})


def chart_cache(cache_dir: str | Path) -> Cache:
    """The chart cache in ``cache_dir`` (POLLS_CHART_CACHE_DIR)."""
    return Cache.of(NAME, cache_dir, code=CODE, libraries=LIBRARIES)


def cache_key(spec: ChartSpec, cache: Cache | None = None) -> str:
    return (cache or chart_cache(".")).key(spec.canonical())


def check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(formats))
    unknown = [name for name in chosen if name not in FORMATS]
    if unknown or not chosen:
        raise ValueError(f"unknown chart formats {unknown}; choose from {sorted(FORMATS)}")
    return chosen


def file_name(key: str, fmt: str) -> str:
    return f"{key}{FORMATS[fmt]}"


def missing(cache: Cache, key: str, formats: Iterable[str]) -> list[str]:
    """The formats of a chart the cache lacks: absent, or damaged (bytes not matching their digest)."""
    return [fmt for fmt in formats if cache.read(file_name(key, fmt)) is None]


def image_bytes(spec: ChartSpec, fmt: str) -> bytes:
    from . import draw  # matplotlib: only when a chart is drawn

    if fmt == "svg":
        return draw.svg_text(spec).encode("utf-8")
    return draw.png_bytes(spec, og=fmt == "og")


def fill(cache: Cache, spec: ChartSpec, key: str, formats: Iterable[str]) -> None:
    """Render the formats of one chart that the cache lacks."""
    for fmt in missing(cache, key, formats):
        cache.write(file_name(key, fmt), image_bytes(spec, fmt))
