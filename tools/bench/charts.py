"""Chart rendering micro-benchmark: ``PYTHONPATH=plugins python -m tools.bench.charts``.

Renders synthetic but realistic specs (bars of 2-6 options, trends of 4-12
meetups, attendance) into an empty cache and reports charts per second: once
in this process, once across worker processes, once more fully cached, and a
naive Axes-based chart for comparison.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass

from polls.charts import style
from polls.charts.render import render_charts
from polls.charts.spec import Bar, ChartSpec, Headcount, Point, make_labels

OPTIONS = ("Kubernetes", "Docker Swarm", "Apache Mesos", "Nomad", "None yet", "Other")


@dataclass(frozen=True)
class Measure:
    name: str
    charts: int
    seconds: float
    cpu_seconds: float  # this process plus its finished worker processes

    @property
    def rate(self) -> float:
        return self.charts / self.seconds if self.seconds else float("inf")

    def __str__(self) -> str:
        per_cpu = self.charts / self.cpu_seconds if self.cpu_seconds else float("inf")
        return (f"{self.name:<38} {self.charts:>4} charts {self.seconds:7.2f} s wall"
                f" {self.rate:7.1f}/s   {self.cpu_seconds:6.2f} s CPU {per_cpu:7.1f}/CPU-s")


def _wilson(count: int, base: int, z: float = 1.959964) -> tuple[float, float]:
    share = count / base
    denominator = 1 + z * z / base
    centre = (share + z * z / (2 * base)) / denominator
    half = z * ((share * (1 - share) / base + z * z / (4 * base * base)) ** 0.5) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def synthetic_specs(count: int, seed: int = 2015) -> list[ChartSpec]:
    """``count`` specs mixing the three kinds like a real site (mostly meetup results)."""
    rng = random.Random(seed)
    specs = []
    for index in range(count):
        kind = ("results", "results", "results", "trend", "attendance")[index % 5]
        if kind == "results":
            base = rng.randint(30, 120)
            bars = []
            for position in range(rng.randint(2, 6)):
                hit = rng.randint(0, base)
                small = hit < 10
                low, high = _wilson(hit, base)
                bars.append(Bar(f"o{position}", OPTIONS[position], style.colour_for(position),
                                None if small else hit, base, None if small else hit / base,
                                None if small else low, None if small else high,
                                rng.random() < 0.3, "small" if small else ""))
            rows: tuple = tuple(bars)
            labels = make_labels(caption=f"n = {base} answered", survey_title=f"Meetup {index}",
                                 date="2016-03-10", min_cell=10, summary="Synthetic results.")
        elif kind == "trend":
            points = []
            for month in range(rng.randint(4, 12)):
                base = rng.randint(30, 120)
                hit = rng.randint(10, base)
                low, high = _wilson(hit, base)
                points.append(Point(f"m{month}", f"Meetup {month}", f"{2015 + month // 12}-"
                                    f"{month % 12 + 1:02d}-15", hit, base, "answered", hit / base,
                                    low, high, rng.random() < 0.3, ""))
            rows = tuple(points)
            labels = make_labels(caption="Share of people who answered", colour=style.PALETTE[1],
                                 min_cell=10, summary="Synthetic trend.")
        else:
            rows = tuple(Headcount(f"m{month}", f"Meetup {month}", f"2016-{month + 1:02d}-15",
                                   rng.randint(20, 150), rng.random() < 0.5)
                         for month in range(rng.randint(4, 12)))
            labels = make_labels(caption="People at each meetup", summary="Synthetic attendance.")
        specs.append(ChartSpec(kind=kind, key=f"bench/{index}", title=f"Benchmark chart {index}",
                               rows=rows, labels=labels))
    return specs


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _timed(name: str, charts: int, action: Callable[[], object]) -> Measure:
    """Wall time, and CPU time: on a busy machine the latter is what a free core would take."""
    start, cpu = time.perf_counter(), _cpu()
    action()
    return Measure(name, charts, time.perf_counter() - start, _cpu() - cpu)


def naive_chart(spec: ChartSpec) -> str:
    """The obvious way (an Axes, ticks, tight layout), for comparison only."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 2.4))
    axes = figure.add_subplot()
    bars = [bar for bar in spec.rows if isinstance(bar, Bar)]
    axes.barh([bar.label for bar in bars], [bar.share or 0 for bar in bars],
              color=[bar.colour for bar in bars])
    axes.set_title(spec.title)
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def run(charts: int, workers: int, formats: tuple[str, ...]) -> list[Measure]:
    specs = synthetic_specs(charts)
    measures = []
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        measures.append(_timed("cold, 1 process", charts, lambda: render_charts(
            specs, first, workers=1, progress=False, formats=formats)))
        measures.append(_timed(f"cold, {workers} worker processes", charts, lambda: render_charts(
            specs, second, workers=workers, progress=False, formats=formats)))
        measures.append(_timed("warm (all cached)", charts, lambda: render_charts(
            specs, second, workers=workers, progress=False, formats=formats)))
    results = [spec for spec in specs if spec.kind == "results"][:60]
    measures.append(_timed("naive Axes + tight_layout, 1 process", len(results),
                           lambda: [naive_chart(spec) for spec in results]))
    return measures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charts", type=int, default=400, help="charts to render (default 400)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="worker processes for the parallel run (default: CPU cores)")
    parser.add_argument("--formats", default="svg", help="comma-separated: svg,png,og")
    arguments = parser.parse_args(argv)
    formats = tuple(name.strip() for name in arguments.formats.split(",") if name.strip())
    print(f"{os.cpu_count()} CPU cores; formats: {', '.join(formats)}")
    for measure in run(arguments.charts, arguments.workers, formats):
        print(measure)


if __name__ == "__main__":
    main()
