"""What a chart draws: a frozen, picklable, hashable description made of plain values.

A :class:`ChartSpec` holds exactly the numbers a chart shows and nothing else, so
its canonical form is what the chart cache keys on, and it can be shipped to a
worker process as is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Literal, NamedTuple

from kernel.fingerprint import digest_text

ChartKind = Literal["results", "trend", "attendance"]
KINDS: tuple[str, ...] = ("results", "trend", "attendance")


class Bar(NamedTuple):
    """One option of one meetup's question (a ``results`` chart row)."""

    option: str
    label: str
    colour: str
    count: int | None  # None when suppressed
    base: int | None
    share: float | None  # 0..1, None when suppressed
    ci_low: float | None
    ci_high: float | None
    approx: bool
    suppression: str  # "", "small", or another reason: drawn as "would reveal a small cell"


class Point(NamedTuple):
    """One meetup of a trend (a ``trend`` chart row)."""

    survey: str
    title: str
    date: str  # ISO date
    count: int | None
    base: int | None
    base_kind: str
    share: float | None
    ci_low: float | None
    ci_high: float | None
    approx: bool
    suppression: str


class Headcount(NamedTuple):
    """One meetup's attendance (an ``attendance`` chart row)."""

    survey: str
    title: str
    date: str  # ISO date
    attended: int | None  # None when unknown
    approx: bool


Row = Bar | Point | Headcount


@dataclass(frozen=True)
class ChartSpec:
    """One chart: its kind, a stable id, a title, the rows it draws and its words.

    ``labels`` is a tuple of ``(name, text)`` pairs (a dict is not hashable):
    ``caption`` (n and base), ``summary`` (the one-sentence description), and
    kind-specific ones such as ``min_cell`` or ``colour``.
    """

    kind: ChartKind
    key: str
    title: str
    rows: tuple[Row, ...]
    labels: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown chart kind {self.kind!r}; expected one of {KINDS}")

    def label(self, name: str, default: str = "") -> str:
        return dict(self.labels).get(name, default)

    def canonical(self) -> str:
        """The spec as canonical JSON: equal specs give equal text, any change shows."""
        return self._canonical

    @cached_property
    def content_fingerprint(self) -> str:
        """A digest of the canonical text (kernel.fingerprint): the build's tracer reads it, not the rows."""
        return digest_text(self.canonical())

    @cached_property  # a frozen spec never changes; kept with the spec when the plan is cached
    def _canonical(self) -> str:
        return json.dumps(
            {
                "kind": self.kind,
                "key": self.key,
                "title": self.title,
                "rows": [[type(row).__name__, *row] for row in self.rows],
                "labels": sorted(self.labels),
            },
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )


def make_labels(**labels: str | int | None) -> tuple[tuple[str, str], ...]:
    """Labels as sorted ``(name, text)`` pairs, leaving out the empty ones."""
    return tuple(sorted((name, str(text)) for name, text in labels.items() if text not in (None, "")))
