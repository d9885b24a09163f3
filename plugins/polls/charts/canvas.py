"""Drawing primitives in inches from the figure's bottom-left corner.

Charts place every artist themselves instead of using Axes: an Axes builds
tick machinery and measures every label, which costs most of a naive chart's
rendering time, and a chart with a known layout needs none of it.

Text is collected as :class:`Label` items rather than drawn: the SVG writer
emits them as plain ``<text>`` elements (no font measuring at all), the PNG
writer turns them into matplotlib text.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon, Rectangle

from . import style


@dataclass(frozen=True)
class Label:
    """One piece of text, anchored like matplotlib's ``ha``/``va`` (rotation 0 or 90)."""

    x: float
    y: float
    words: str
    size: float = style.FONT_SIZE
    ha: str = "left"
    va: str = "baseline"
    weight: str = "normal"
    alpha: float | None = None
    rotation: int = 0
    gid: str | None = None


@dataclass
class Sheet:
    """A figure being drawn plus the labels that go on it."""

    figure: Figure
    labels: list[Label] = field(default_factory=list)

    @property
    def width(self) -> float:
        return float(self.figure.get_figwidth())

    @property
    def height(self) -> float:
        return float(self.figure.get_figheight())

    def text(self, x: float, y: float, words: str, *, size: float = style.FONT_SIZE,
             ha: str = "left", va: str = "baseline", weight: str = "normal",
             alpha: float | None = None, rotation: int = 0, gid: str | None = None) -> None:
        self.labels.append(Label(x, y, words, size, ha, va, weight, alpha, rotation, gid))

    def rect(self, x: float, y: float, width: float, height: float, *, fill: str | None = None,
             edge: str | None = None, hatch: str | None = None, dashed: bool = False,
             alpha: float | None = None, gid: str | None = None) -> None:
        patch = Rectangle((x, y), width, height, transform=self.figure.dpi_scale_trans,
                          facecolor=fill or "none", edgecolor=edge or "none", hatch=hatch,
                          linestyle="--" if dashed else "-", linewidth=0.8, alpha=alpha)
        patch.set_gid(gid)
        self.figure.add_artist(patch)

    def polygon(self, points: Sequence[tuple[float, float]], *, fill: str, alpha: float,
                edge: str | None = None, gid: str | None = None) -> None:
        # The alpha is the fill's alone: an edge stays opaque, so the shape keeps its contrast.
        patch = Polygon(points, closed=True, transform=self.figure.dpi_scale_trans,
                        facecolor=to_rgba(fill, alpha), edgecolor=edge or "none",
                        linewidth=style.BAND_EDGE_WIDTH)
        patch.set_gid(gid)
        self.figure.add_artist(patch)

    def segments(self, lines: Sequence[Sequence[tuple[float, float]]], *,
                 colour: str = style.INK, width: float = 0.6, alpha: float | None = None,
                 gid: str | None = None, behind: bool = False) -> None:
        if not lines:
            return
        collection = LineCollection(lines, colors=colour, linewidths=width, alpha=alpha,
                                    transform=self.figure.dpi_scale_trans,
                                    zorder=0 if behind else 2)
        collection.set_gid(gid)
        self.figure.add_artist(collection)

    def polyline(self, xs: Sequence[float], ys: Sequence[float], *, colour: str,
                 width: float = style.LINE_WIDTH, marker: str = "o", hollow: bool = False,
                 line: bool = True, gid: str | None = None) -> None:
        artist = Line2D(xs, ys, transform=self.figure.dpi_scale_trans, color=colour,
                        linewidth=width if line else 0, linestyle="-" if line else "none",
                        marker=marker, markersize=style.MARKER_SIZE,
                        markerfacecolor="none" if hollow else colour, markeredgecolor=colour)
        artist.set_gid(gid)
        self.figure.add_artist(artist)

    def realise_labels(self) -> None:
        """Turn the labels into matplotlib text (for raster output)."""
        for label in self.labels:
            self.figure.text(label.x, label.y, label.words, transform=self.figure.dpi_scale_trans,
                             fontsize=label.size, ha=label.ha, va=label.va,
                             fontweight=label.weight, alpha=label.alpha, rotation=label.rotation,
                             color=style.INK, linespacing=style.LINE_HEIGHT_EM)


def new_sheet(width_in: float, height_in: float, dpi: float = 72) -> Sheet:
    """A transparent figure (the page or the PNG writer supplies the background)."""
    figure = Figure(figsize=(width_in, height_in), dpi=dpi)
    figure.patch.set_facecolor("none")
    return Sheet(figure)


def wrap(words: str, width: int, max_lines: int = 2) -> list[str]:
    """Lines of at most ``width`` characters; what does not fit ends in an ellipsis."""
    lines = textwrap.wrap(words, width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def text_width(words: str, size: float) -> float:
    """Estimated width in inches of one line of text (no font measuring: it is slow)."""
    return len(words) * size * style.CHAR_WIDTH_EM / 72


def line_height(size: float) -> float:
    return size * style.LINE_HEIGHT_EM / 72


def safe_id(words: str) -> str:
    """Words usable inside an XML id."""
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in words)
