"""How fast the poll engine is at scale: synthetic survey folders and timed stages.

``run_benchmark`` writes a survey folder into a temporary directory -- a catalog,
an index, one show-of-hands tally per meetup and a few large Google Forms
exports in the very formats ``load_survey`` reads -- and then times, in a fresh
Python process, reading and validating it (``load_survey``), aggregating it and
exporting the aggregates.  A fresh process because peak memory is a high-water
mark (Linux's VmHWM, else ``ru_maxrss``) that only ever grows: measuring in the
process that generated the data would count the generator too.  tracemalloc
is not used: it slows pandas down several times and misses memory that numpy
and the CSV parser allocate outside Python's allocator.

The last stage fits every trend the site's trend pages state (``trend_fit`` per group,
question and option, ``adjust`` per question: a statsmodels GLM with overdispersion,
refitted at the corners of the "~" ranges), so its share of a cold build can be read
off.  ``invoke bench-polls --archive`` times the site benchmark's survey instead
(``tools.bench.site_build``: 10 groups x 120 meetups, 8 questions, as ``invoke bench``
builds it).

Run it as ``invoke bench-polls``; ``python -m tools.bench.poll_engine FOLDER`` times an
existing survey folder and prints the figures as JSON.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[2]

SEED = 2015
GROUP = "bench-city"
FIRST_DATE = np.datetime64("2010-01-06")

ROLES = ["Developer", "Operations / SRE", "Manager", "Student", "Other"]
RUNTIMES = ["Docker", "Podman", "LXC, LXD", "CRI-O", "containerd"]  # one label has a comma
EXPERIENCE = ["Less than a year", "1-3 years", "More than 3 years"]

def _options(prefix: str, labels: list[str]) -> list[dict[str, str]]:
    return [{"id": f"{prefix}-{i}", "label": label} for i, label in enumerate(labels)]


def catalog_yaml() -> str:
    """The catalog of the synthetic survey, in the catalog file format."""
    questions = [
        {"id": "attendance", "kind": "attendance", "text": "People in the room",
         "base": "attended", "topic": "audience"},
        {"id": "students", "kind": "yes-no", "text": "Who is a student?", "base": "attended",
         "topic": "audience"},
        {"id": "containers", "kind": "yes-no", "text": "Are you experimenting with containers?",
         "base": "attended", "topic": "adoption", "wordings": ["Do you use containers?"]},
        {"id": "role", "kind": "single", "text": "What is your role?", "topic": "audience",
         "options": _options("role", ROLES)},
        {"id": "runtimes", "kind": "multiple", "text": "Which container runtimes do you use?",
         "topic": "adoption", "options": _options("runtime", RUNTIMES)},
        {"id": "experience", "kind": "bucket", "topic": "adoption",
         "text": "How long have you worked with containers?",
         "options": _options("experience", EXPERIENCE)},
    ]
    return "# Synthetic catalog for the poll benchmark (tools.bench.poll_engine).\n" + yaml.safe_dump(
        {"questions": questions}, sort_keys=False, allow_unicode=True
    )


EXPORT_HEADER = [
    "Timestamp", "Email Address", "What is your role?", "Which container runtimes do you use?",
    "How long have you worked with containers?", "Do you use containers?",
]


def meetup_id(number: int) -> str:
    return f"bench-{number:04d}"


def meetup_date(number: int) -> str:
    return str(FIRST_DATE + np.timedelta64(7 * number, "D"))


def tally_text(number: int, rng: np.random.Generator) -> str:
    """One show-of-hands tally: a headcount, a count, an approximate count and a percentage."""
    attended = int(rng.integers(15, 250))
    students = int(rng.integers(0, attended // 3 + 1))
    containers = int(rng.integers(5, 100))
    return (
        f"attended: {attended}\n"
        "answers:\n"
        f"  students: {students}\n"
        f"  containers: \"{'~' if number % 3 == 0 else ''}{containers}%\"\n"
    )


def _runtime_choices(rng: np.random.Generator, n: int) -> np.ndarray:
    # Every non-empty subset of the runtimes, joined the way Google Forms joins checkboxes.
    subsets = [", ".join(c) for r in range(1, 4) for c in itertools.combinations(RUNTIMES, r)]
    cells = np.array(["", *subsets], dtype=object)
    weights = np.r_[0.05, np.full(len(subsets), 0.95 / len(subsets))]
    return cells[rng.choice(len(cells), size=n, p=weights)]


def export_frame(rows: int, start: int, rng: np.random.Generator) -> pd.DataFrame:
    """``rows`` Google Forms responses; ``start`` keeps timestamps and e-mails unique across files."""
    seconds = np.arange(start, start + rows, dtype="int64") * 7 + np.datetime64("2020-03-01T09:00:00")
    stamps = np.char.replace(np.datetime_as_string(seconds, unit="s"), "T", " ")
    stamps = np.char.replace(stamps, "-", "/")
    return pd.DataFrame(
        {
            "Timestamp": stamps,
            "Email Address": [f"person{i}@example.org" for i in range(start, start + rows)],
            "What is your role?": np.array(ROLES, dtype=object)[
                rng.choice(len(ROLES), size=rows, p=[0.45, 0.25, 0.1, 0.15, 0.05])
            ],
            "Which container runtimes do you use?": _runtime_choices(rng, rows),
            "How long have you worked with containers?": np.array(
                [*EXPERIENCE, ""], dtype=object
            )[rng.choice(len(EXPERIENCE) + 1, size=rows, p=[0.3, 0.4, 0.25, 0.05])],
            "Do you use containers?": np.array(["Yes", "No"], dtype=object)[
                rng.choice(2, size=rows, p=[0.8, 0.2])
            ],
        },
        columns=EXPORT_HEADER,
    )


@dataclass(frozen=True)
class Generated:
    folder: Path
    meetups: int
    respondents: int
    exports: int
    megabytes: float


def generate(folder: Path, meetups: int = 1000, respondents: int = 1_000_000,
             exports: int = 4, seed: int = SEED) -> Generated:
    """Write a synthetic survey folder: ``meetups`` tallies plus ``exports`` big exports.

    Every poll file is named after its meetup, so index.yaml only adds titles,
    dates and the group.
    """
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "questions.yaml").write_text(catalog_yaml(), encoding="utf-8")
    index = ["# Synthetic meetups for the poll benchmark (tools.bench.poll_engine).", "meetups:"]
    for number in range(meetups):
        survey = meetup_id(number)
        (folder / f"{survey}.yaml").write_text(tally_text(number, rng), encoding="utf-8")
        index += [f"  - id: {survey}", f"    title: Bench meetup {number}",
                  f"    date: {meetup_date(number)}", f"    group: {GROUP}"]
    per_file = [len(part) for part in np.array_split(np.arange(respondents), exports)]
    start = 0
    for number, rows in enumerate(per_file):
        survey = f"bench-form-{number}"
        export_frame(rows, start, rng).to_csv(folder / f"{survey}.csv", index=False,
                                              lineterminator="\n")
        start += rows
        index += [f"  - id: {survey}", f"    title: Bench form {number}",
                  f"    date: {meetup_date(meetups + number)}", f"    group: {GROUP}"]
    (folder / "index.yaml").write_text("\n".join(index) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
    return Generated(folder, meetups, respondents, exports, size)


def peak_megabytes() -> float:
    """Peak resident memory of this process so far, in MiB.

    Linux's VmHWM first: ``ru_maxrss`` survives fork and exec, so a child would
    report its parent's peak (the data generator's) whenever that was higher.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 2**20


def fit_every_trend(survey, table: pd.DataFrame) -> int:
    """The trends the site's trend pages state: per group, question and option, adjusted per question.

    The same loop as ``polls_site.page_plan`` without the charts; returns how many were fitted.
    """
    from polls.stats.comparisons import adjust, trend_fit

    kinds = {q.id: q.kind for q in survey.catalog.questions}
    fitted = 0
    for (_group, question), rows in table.groupby(["group", "question"], sort=True):
        if kinds.get(question) == "attendance" or rows["survey"].nunique() < 2:
            continue
        trends = [trend_fit(cells, question, option) for option, cells in rows.groupby("option", sort=False)]
        fitted += sum(t.p_value is not None for t in adjust(trends))
    return fitted


def time_stages(folder: Path) -> dict:
    """Load, aggregate and export ``folder`` in this process; seconds per stage and peak memory."""
    from polls.publish.downloads import export_csv
    from polls.read.folder import load_survey
    from polls.stats.aggregate import aggregate

    before = peak_megabytes()
    seconds, cpu = {}, {}

    def timed(stage: str, work):
        wall, used = time.perf_counter(), time.process_time()
        result = work()
        seconds[stage] = time.perf_counter() - wall
        cpu[stage] = time.process_time() - used
        return result

    survey = timed("load (read, map, validate)", lambda: load_survey(folder))
    table = timed("aggregate", lambda: aggregate(survey))
    timed("export CSV", lambda: export_csv(table, io.StringIO()))
    trends = timed("trends (GLM, every page)", lambda: fit_every_trend(survey, table))
    respondents = survey.meetups["respondents"].fillna(0).sum()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_mb": peak_megabytes(),
        "imports_mb": before,
        "meetups": len(survey.meetups),
        "respondents": int(respondents),
        "rows": len(table),
        "trends": trends,
    }


@dataclass(frozen=True)
class BenchResult:
    generated: Generated
    generate_seconds: float
    seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    peak_mb: float = 0.0
    imports_mb: float = 0.0
    rows: int = 0
    trends: int = 0
    label: str = ""  # what was timed, when not the generated survey

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())

    def summary(self) -> str:
        g = self.generated
        lines = [self.label or (
            f"synthetic survey: {g.meetups} tallies + {g.respondents:,} respondent rows "
            f"in {g.exports} Google Forms exports ({g.megabytes:.0f} MB, "
            f"generated in {self.generate_seconds:.1f} s, not counted)"),
        ]
        # CPU time beside wall time: on a busy machine the wall clock measures the neighbours.
        lines += [f"  {'stage':<28} {'wall':>8} {'cpu':>8}"]
        lines += [
            f"  {stage:<28} {value:6.2f} s {self.cpu_seconds.get(stage, 0.0):6.2f} s"
            for stage, value in self.seconds.items()
        ]
        lines += [
            f"  {'total':<28} {self.total_seconds:6.2f} s {sum(self.cpu_seconds.values()):6.2f} s"
            "   (target: under 3 s)",
            f"  peak memory {self.peak_mb:,.0f} MB (of which {self.imports_mb:,.0f} MB is Python "
            "and the libraries before loading; target: under 1 GB)",
            f"  aggregates: {self.rows:,} rows; trends fitted: {self.trends:,}",
        ]
        return "\n".join(lines)


def _time_in_child(folder: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "plugins"), str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    done = subprocess.run(
        [sys.executable, "-m", "tools.bench.poll_engine", str(folder)],
        capture_output=True, text=True, env=env, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmark child failed:\n{done.stderr.strip()}")
    return json.loads(done.stdout)


def _result(generated: Generated, generate_seconds: float, figures: dict, label: str = "") -> BenchResult:
    return BenchResult(generated, generate_seconds, figures["seconds"], figures["cpu_seconds"],
                       figures["peak_mb"], figures["imports_mb"], figures["rows"], figures["trends"], label)


def run_benchmark(meetups: int = 1000, respondents: int = 1_000_000, exports: int = 4) -> BenchResult:
    """Generate the synthetic folder, then time the stages in a child process."""
    with tempfile.TemporaryDirectory(prefix="polls-bench-") as tmp:
        start = time.perf_counter()
        generated = generate(Path(tmp) / "survey", meetups, respondents, exports)
        generate_seconds = time.perf_counter() - start
        figures = _time_in_child(generated.folder)
    return _result(generated, generate_seconds, figures)


def run_archive_benchmark() -> BenchResult:
    """Time the stages on the survey of the site benchmark's archive (``invoke bench``'s default scale)."""
    from tools.bench.site_build import Scale
    from tools.bench.site_build import generate as generate_archive

    scale = Scale()
    with tempfile.TemporaryDirectory(prefix="polls-bench-") as tmp:
        start = time.perf_counter()
        archive = generate_archive(Path(tmp), scale)
        generate_seconds = time.perf_counter() - start
        size = sum(p.stat().st_size for p in archive.survey.iterdir()) / 2**20
        generated = Generated(archive.survey, scale.events, 0, 0, size)
        figures = _time_in_child(archive.survey)
    label = (f"site benchmark's survey: {scale.events:,} tallies in {scale.groups} groups, {scale.questions} "
             f"questions ({size:.1f} MB, generated in {generate_seconds:.1f} s, not counted)")
    return _result(generated, generate_seconds, figures, label)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tools.bench.poll_engine SURVEY_FOLDER", file=sys.stderr)
        return 2
    print(json.dumps(time_stages(Path(argv[0]))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
