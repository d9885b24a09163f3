"""The chart cache: one file per chart and format, named by a hash of what is drawn.

The key covers the exact rows drawn (canonical JSON of the spec), the style
constants, the matplotlib version and :data:`CHARTS_VERSION`, so an unchanged
chart is never drawn twice and any change that could alter its pixels
gives it a new file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType

import matplotlib
from kernel import cacheentry

from . import draw, style
from .spec import ChartSpec

# Bump when the drawing code changes what an unchanged spec looks like.
CHARTS_VERSION = 1

# Format name -> file suffix.  "og" is the 1200x630 Open Graph card.
FORMATS = MappingProxyType({"svg": ".svg", "png": ".png", "og": ".og.png"})


def environment() -> str:
    """Everything besides the spec that decides a chart's bytes (hash it once per batch)."""
    return json.dumps({"charts_version": CHARTS_VERSION, "matplotlib": matplotlib.__version__,
                       "style": style.fingerprint()}, sort_keys=True)


def cache_key(spec: ChartSpec, env: str | None = None) -> str:
    digest = hashlib.sha256()
    digest.update((env if env is not None else environment()).encode())
    digest.update(b"\0")
    digest.update(spec.canonical().encode())
    return digest.hexdigest()[:32]


def check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(formats))
    unknown = [name for name in chosen if name not in FORMATS]
    if unknown or not chosen:
        raise ValueError(f"unknown chart formats {unknown}; choose from {sorted(FORMATS)}")
    return chosen


def file_name(key: str, fmt: str) -> str:
    return f"{key}{FORMATS[fmt]}"


def path_for(cache_dir: Path, key: str, fmt: str) -> Path:
    return Path(cache_dir) / file_name(key, fmt)


def missing(cache_dir: Path, key: str, formats: Iterable[str]) -> list[str]:
    """The formats of a chart the cache lacks: absent, or damaged (bytes not matching their digest)."""
    return [fmt for fmt in formats if cacheentry.read(path_for(cache_dir, key, fmt)) is None]


def image_bytes(spec: ChartSpec, fmt: str) -> bytes:
    if fmt == "svg":
        return draw.svg_text(spec).encode("utf-8")
    return draw.png_bytes(spec, og=fmt == "og")


def fill(cache_dir: Path, spec: ChartSpec, key: str, formats: Iterable[str]) -> None:
    """Render the formats of one chart that the cache lacks."""
    for fmt in missing(cache_dir, key, formats):
        cacheentry.write(path_for(cache_dir, key, fmt), image_bytes(spec, fmt))
