"""Chart settings: their names and defaults, in one place.

The Pelican adapter passes the site's settings here; scripts may pass a plain dict.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

DEFAULTS: Mapping[str, Any] = MappingProxyType({
    # Where rendered charts are kept between builds (relative to the site root).
    "POLLS_CHART_CACHE_DIR": ".cache/charts",
    # Worker processes for rendering; None: one per CPU core.
    "POLLS_CHART_WORKERS": None,
    # True: a progress bar when many charts are due and stdout is a terminal;
    # "always" or False to force it on or off.
    "POLLS_CHART_PROGRESS": True,
    # Formats rendered for every chart: "svg" (inline in pages), "png", "og" (1200x630 card).
    "POLLS_CHART_FORMATS": ("svg",),
})


@dataclass(frozen=True)
class ChartSettings:
    cache_dir: Path
    workers: int | None
    progress: bool | str
    formats: tuple[str, ...]


def chart_settings(settings: Mapping[str, Any] | None = None, root: str | Path = ".") -> ChartSettings:
    """The chart settings from a site's settings, defaults filled in, the cache dir made absolute."""
    merged = {**DEFAULTS, **{k: v for k, v in (settings or {}).items() if k in DEFAULTS}}
    cache_dir = Path(os.fspath(merged["POLLS_CHART_CACHE_DIR"]))
    if not cache_dir.is_absolute():
        cache_dir = Path(root) / cache_dir
    return ChartSettings(
        cache_dir=cache_dir,
        workers=merged["POLLS_CHART_WORKERS"],
        progress=merged["POLLS_CHART_PROGRESS"],
        formats=tuple(merged["POLLS_CHART_FORMATS"]),
    )
