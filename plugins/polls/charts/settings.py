"""Chart settings, declared once (name, default, doc).

The polls glue applies them at ``initialized``; scripts may pass a plain dict.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kernel.cache import cache_folder
from kernel.settings import Setting, resolved

SETTINGS: tuple[Setting, ...] = (
    # relative to the site root; beside the other caches (kernel.cache) unless the site says otherwise
    Setting("POLLS_CHART_CACHE_DIR", doc="where rendered charts are kept between builds",
            derive=lambda settings: str(cache_folder(settings, "charts"))),
    Setting("POLLS_CHART_WORKERS", None, "worker processes for rendering (None: one per CPU core)"),
    # "always" or False force the progress bar on or off
    Setting("POLLS_CHART_PROGRESS", True, "a progress bar when many charts are due and stdout is a terminal"),
    Setting("POLLS_CHART_FORMATS", ("svg",), 'formats drawn for every chart: "svg", "png", "og" (1200x630 card)'),
)
DEFAULTS: Mapping[str, Any] = MappingProxyType(resolved(SETTINGS, {}))


@dataclass(frozen=True)
class ChartSettings:
    cache_dir: Path
    workers: int | None
    progress: bool | str
    formats: tuple[str, ...]


def chart_settings(settings: Mapping[str, Any] | None = None, root: str | Path = ".") -> ChartSettings:
    """The chart settings from a site's settings, defaults filled in, the cache dir made absolute."""
    merged = resolved(SETTINGS, settings or {})
    cache_dir = Path(os.fspath(merged["POLLS_CHART_CACHE_DIR"]))
    if not cache_dir.is_absolute():
        cache_dir = Path(root) / cache_dir
    return ChartSettings(
        cache_dir=cache_dir,
        workers=merged["POLLS_CHART_WORKERS"],
        progress=merged["POLLS_CHART_PROGRESS"],
        formats=tuple(merged["POLLS_CHART_FORMATS"]),
    )
