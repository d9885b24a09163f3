"""The poll chart directive for Markdown: a paragraph holding only ``[[poll ...]]``.

    [[poll docker-brno-2 experimenting]]            one meetup's results for a question
    [[poll-trend containers_in_production yes]]      a question's trend (all polled meetups)
    [[poll-trend containers_in_production yes demo-city-cloud-native]]   ... of one group

Markdown turns the line into ``<p>[[poll ...]]</p>``; after the charts are
rendered the paragraph is replaced by the chart with its data table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PATTERN = re.compile(r"<p>\s*\[\[(poll|poll-trend)\s+([^\]<]+?)\s*\]\]\s*</p>")


@dataclass(frozen=True)
class Directive:
    text: str  # the whole <p>...</p>, to replace
    source_text: str  # as the author wrote it, to find its line
    kind: str
    args: tuple[str, ...]

    def chart_key(self) -> str | None:
        if self.kind == "poll" and len(self.args) == 2:
            return f"results/{self.args[0]}/{self.args[1]}"
        if self.kind == "poll-trend" and len(self.args) in (2, 3):
            group = self.args[2] if len(self.args) == 3 else "all"
            return f"trend/{group}/{self.args[0]}/{self.args[1]}"
        return None


def find(html: str) -> list[Directive]:
    return [Directive(m.group(0), f"[[{m.group(1)} {m.group(2)}", m.group(1), tuple(m.group(2).split()))
            for m in PATTERN.finditer(html)]


def line_of(source: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the directive in the author's file (1, 1 when not found)."""
    for number, line in enumerate(source.splitlines(), 1):
        column = line.find(needle.split()[0])
        if column >= 0 and " ".join(line[column:].split()).startswith(" ".join(needle.split())):
            return number, column + 1
    return 1, 1


def replace(html: str, rendered: dict[str, str]) -> str:
    """``html`` with each directive paragraph swapped for its rendered chart."""
    return PATTERN.sub(lambda m: rendered[m.group(0)], html)
