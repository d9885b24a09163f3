"""How long a whole site build takes at archive scale, against plain Pelican on the same Markdown.

``generate`` writes a synthetic archive into a folder: groups x years x meetups
per year event files (each with its talks inline), one show-of-hands tally per
meetup in survey/ with a catalog, and the same events once more as ordinary
Pelican articles (standard metadata, the same text, talks as sections) so plain
Pelican reads exactly as many Markdown documents as the site does.

``run`` then builds it, each build in a fresh Python process so its peak memory
is its own (VmHWM of the build process, and the largest chart worker's
``ru_maxrss``):

1. plain Pelican 4 with no plugins and its built-in "simple" theme;
2. the site, cold: empty caches;
3. the site, warm, as ``invoke build`` runs it: nothing changed, so the output is
   found up to date and nothing is rebuilt (recap_build/freshness.py);
4. the site, warm, as ``invoke build --force`` runs it: every page rendered again
   from warm caches (should draw no chart);
5. the site after one meetup's headcount changed, as ``invoke build`` runs it
   (should draw only what it feeds);
6. the site after one talk's abstract was reworded, as ``invoke build`` runs it
   (the most common edit: should draw no chart);
7. the site after one event's recap was reworded, as ``invoke build`` runs it;
8. livereload: the worker serving the site, one talk reworded, the served talk page
   polled until it changes (tools/bench/live_latency.py);
9. the sample site (content/, survey/): plain Pelican on its own Markdown, cold, one
   talk edited, and (with ``live``) that edit on the livereload page (tools/bench/sample_site.py);
10. with ``scaling``, plain Pelican and the cold build again at more events, to show
    how the cost grows.

Every figure comes from a return value: the build's BuildResult (charts drawn,
files rendered and carried, in ``figures``), the worker's Outcome, the process's
VmHWM.  Run it as ``invoke bench`` (docs/charts.md).  This module imports no
Pelican at module level; the builds import it in their own processes.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "pelicanconf.py"
NOW = "2030-01-01T00:00:00+00:00"
FIRST_YEAR = 2010
SEED = 2015
SPEAKERS = 300  # distinct people across the archive, so speaker pages repeat as in a real one
MULTI_OPTIONS = ("a", "b", "c", "d")
FORCED = "warm, --force"  # nothing changed, but every page rendered again (caches warm)
EDITED = "one talk edited"  # a content edit that touches no poll: should draw no chart
EVENT_EDITED = "one event edited"  # an event's recap reworded
POLL_CHANGED = "one poll changed"
SCALING = (2, 4)  # `invoke bench --scaling`: cold builds at 2x and 4x the groups (1,200 -> 2,400, 4,800 events)
EDIT_SHARE = 0.25  # an edit's build, as a share of plain Pelican's (issue 11)
LIVE_SHARE = 0.05  # an edit on the livereload page, as a share of plain Pelican's build
PEAK_MB = 400  # megabytes (10**6 bytes) a build may hold
WORDS = ("container image registry cluster deploy service network volume build layer cache pipeline "
         "runtime node pod scheduler secret config rollout monitoring logging storage").split()


@dataclass(frozen=True)
class Scale:
    groups: int = 10
    years: int = 10
    per_year: int = 12
    talks: int = 4
    questions: int = 8

    @property
    def events(self) -> int:
        return self.groups * self.years * self.per_year


@dataclass(frozen=True)
class Archive:
    root: Path
    content: Path  # the site's Markdown (groups/, events/)
    survey: Path  # questions.yaml + one tally per event
    plain: Path  # the same events as plain Pelican articles
    events: list[str]
    groups: list[str]


@dataclass
class Build:
    name: str
    seconds: float  # the build itself, in the child (interpreter start-up excluded)
    peak_mib: float  # the build process
    workers_peak_mib: float  # the largest chart worker process (0 without workers)
    rendered: int | None  # charts drawn (None for plain Pelican)
    ok: bool = True
    errors: list[str] = field(default_factory=list)
    up_to_date: bool = False  # the build found its output up to date and did nothing
    figures: dict = field(default_factory=dict)  # BuildResult.figures as the build returned it
    pages: int = 0  # HTML files in the output after the build

    @property
    def files(self) -> str:
        """Files rendered / carried over, as the build says (an incremental build's figures), else '-'."""
        return "0" if self.up_to_date else files_said(self.figures)


# the names under which an incremental build reports (rendered, carried over) in BuildResult.figures
FILE_FIGURES = (("rendered", "carried"), ("files_written", "files_unchanged"))


def files_said(figures: dict) -> str:
    """'rendered/carried' from a build's figures, '-' when the build does not report them."""
    for names in FILE_FIGURES:
        if all(name in figures for name in names):
            return "/".join(str(figures[name]) for name in names)
    return "-"


# -- the archive ------------------------------------------------------------------------


def _event_slug(group: int, number: int) -> str:
    return f"group-{group:02d}-{number:03d}"


def _event_date(year: int, month: int, group: int) -> datetime.date:
    return datetime.date(FIRST_YEAR + year, month + 1, 1 + group % 28)


def _sentence(rng: random.Random, words: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _paragraphs(rng: random.Random, count: int) -> str:
    return "\n\n".join(" ".join(_sentence(rng) for _ in range(4)) for _ in range(count))


def catalog(questions: int) -> dict:
    """Yes/no questions (a share of the room) and, every third one, a four-option question (of those who answered)."""
    entries = []
    for number in range(1, questions + 1):
        qid = f"q{number}"
        if number % 3 == 0:
            entries.append({"id": qid, "kind": "single", "topic": "adoption", "base": "answered",
                            "text": f"Synthetic question {number} with options",
                            "options": [{"id": o, "label": f"Option {o.upper()}"} for o in MULTI_OPTIONS]})
        else:
            entries.append({"id": qid, "kind": "yes-no", "topic": "audience", "base": "attended",
                            "text": f"Synthetic yes/no question {number}"})
    return {"questions": entries}


def _tally(rng: random.Random, event: dict, questions: list[dict]) -> dict:
    attended = event["attendance"]
    answers = {}
    for question in questions:
        if question["kind"] == "yes-no":
            answers[question["id"]] = rng.randint(0, attended)
        else:
            answered = rng.randint(attended // 2, attended)
            cuts = sorted(rng.randint(0, answered) for _ in range(len(MULTI_OPTIONS) - 1))
            counts = [b - a for a, b in zip([0, *cuts], [*cuts, answered], strict=True)]
            answers[question["id"]] = {"answered": answered, **dict(zip(MULTI_OPTIONS, counts, strict=True))}
    return {"event": event["slug"], "title": event["title"], "date": event["date"], "group": event["group"],
            "attended": attended, "answers": answers}


def _front_matter(data: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n" + body + "\n"


def _plain_article(event: dict, talks: list[dict], body: str) -> str:
    """The event as an ordinary Pelican article: standard metadata, the same text, talks as sections."""
    lines = [f"Title: {event['title']}", f"Date: {event['date']} 18:00", f"Category: {event['group']}",
             f"Slug: {event['slug']}", f"Summary: {event['summary']}", "", body, ""]
    for talk in talks:
        names = ", ".join(s["name"] for s in talk["speakers"])
        lines += [f"## {talk['title']}", "", f"*{names}*", "", talk["abstract"], ""]
    return "\n".join(lines)


def generate(root: Path, scale: Scale = Scale()) -> Archive:
    """Write the synthetic archive into ``root`` (content/, survey/, plain/); deterministic."""
    rng = random.Random(SEED)
    content, survey, plain = root / "content", root / "survey", root / "plain"
    for folder in (content / "groups", content / "events", survey, plain / "pages"):
        folder.mkdir(parents=True, exist_ok=True)
    questions = catalog(scale.questions)
    (survey / "questions.yaml").write_text(
        "# Synthetic catalog (tools.bench.site_build).\n" + yaml.safe_dump(questions, sort_keys=False),
        encoding="utf-8")
    people = [f"Speaker {n:03d}" for n in range(SPEAKERS)]
    events, groups = [], []
    for g in range(scale.groups):
        group = f"group-{g:02d}"
        groups.append(group)
        description = _paragraphs(rng, 1)
        (content / "groups" / f"{group}.md").write_text(_front_matter(
            {"name": f"Group {g:02d}", "city": f"City {g:02d}", "timezone": "Europe/Prague"}, description),
            encoding="utf-8")
        (plain / "pages" / f"{group}.md").write_text(f"Title: Group {g:02d}\nSlug: {group}\n\n{description}\n",
                                                      encoding="utf-8")
        number = 0
        for year in range(scale.years):
            for month in range(scale.per_year):
                number += 1
                slug = _event_slug(g, number)
                event = {"slug": slug, "title": f"Group {g:02d} #{number}", "group": group,
                         "date": _event_date(year, month % 12, g).isoformat(), "attendance": rng.randint(30, 150),
                         "summary": _sentence(rng, 8)}
                # the event in the title keeps talk slugs unique across the archive
                talks = [{"title": f"{_sentence(rng, 4).rstrip('.')} ({event['title']}, talk {t + 1})",
                          "speakers": [{"name": rng.choice(people)}], "abstract": _paragraphs(rng, 1)}
                         for t in range(scale.talks)]
                body = _paragraphs(rng, 3)
                front = {"title": event["title"], "group": group, "number": number, "date": event["date"],
                         "start": "18:00", "venue": {"name": "Hall", "address": f"1 Main Street, City {g:02d}"},
                         "attendance": event["attendance"], "summary": event["summary"],
                         "programme": [{"talk": talk} for talk in talks]}
                (content / "events" / f"{slug}.md").write_text(_front_matter(front, body), encoding="utf-8")
                (plain / f"{slug}.md").write_text(_plain_article(event, talks, body), encoding="utf-8")
                (survey / f"{slug}.yaml").write_text(
                    yaml.safe_dump(_tally(rng, event, questions["questions"]), sort_keys=False), encoding="utf-8")
                events.append(slug)
    return Archive(root, content, survey, plain, events, groups)


def change_one_poll(archive: Archive) -> tuple[str, str]:
    """Raise the headcount of the middle meetup's tally by two: (its survey id, its group)."""
    name = archive.events[len(archive.events) // 2]
    path = archive.survey / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^attended: (\d+)$", lambda m: f"attended: {int(m.group(1)) + 2}", text, count=1,
                  flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")
    return name, yaml.safe_load(text)["group"]


def edit_one_talk(archive: Archive, name: str | None = None) -> str:
    """Reword the first talk abstract of meetup ``name``'s event file (by default the middle meetup's:
    the most common edit); its slug."""
    name = name or archive.events[len(archive.events) // 2]
    path = archive.content / "events" / f"{name}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("abstract: ", "abstract: Reworded. ", 1), encoding="utf-8")
    return name


def edit_one_event(archive: Archive) -> str:
    """Reword the recap (the Markdown body) of the meetup a third into the archive; its slug."""
    name = archive.events[len(archive.events) // 3]
    path = archive.content / "events" / f"{name}.md"
    front, marker, body = path.read_text(encoding="utf-8").rpartition("---\n")
    path.write_text(front + marker + "Reworded. " + body, encoding="utf-8")
    return name


def fed_by(survey_dir: Path, name: str, group: str) -> int:
    """Charts a change of one meetup's headcount feeds, from the site plan: its group's attendance
    and the trends of its group where its point is a share of the headcount (a trend of a question
    asked of "answered" people does not draw the headcount).  Its own results are HTML figures on
    its event page, not charts."""
    from polls.read.folder import load_survey
    from polls.stats.aggregate import aggregate
    from polls_site import page_plan as site_plan

    survey = load_survey(survey_dir)
    plan = site_plan.plan(survey, aggregate(survey), 10, "polls/{slug}/index.html")
    return sum(1 for spec in plan.specs
               if spec.key == f"attendance/{group}"
               or (spec.key.startswith(f"trend/{group}/")
                   and any(p.survey == name and p.base_kind == "attended" for p in spec.rows)))


# -- one build in its own process -------------------------------------------------------


def _peak_mib() -> float:
    """This process's high-water mark (VmHWM; ru_maxrss where /proc is missing)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _plain_settings(job: dict) -> dict:
    from pelican.settings import read_settings

    return read_settings(None, override={
        "PATH": job["content"], "OUTPUT_PATH": job["output"], "THEME": "simple", "PLUGINS": [],
        "PAGE_PATHS": ["pages"], "ARTICLE_PATHS": [""], "ARTICLE_EXCLUDES": ["pages"],
        "TIMEZONE": "Europe/Prague", "SITEURL": "", "RELATIVE_URLS": True, "CACHE_PATH": job["cache"],
        "LOAD_CONTENT_CACHE": False, "DEFAULT_PAGINATION": False,
    })


def overrides(job: dict) -> dict:
    """The settings a site build of ``job`` runs with: the archive's folders, its own cache, a fixed clock."""
    return {"PATH": job["content"], "POLLS_PATH": job["survey"], "MEETUP_NOW": NOW, "CACHE_PATH": job["cache"],
            "POLLS_CHART_CACHE_DIR": str(Path(job["cache"]) / "charts"), "POLLS_CHART_PROGRESS": False}


def run_child(job: dict) -> dict:
    """Run one build as ``job`` says (in this process) and return its figures."""
    logging.getLogger("pelican").setLevel(logging.WARNING)
    start = time.perf_counter()
    ok, errors, up_to_date, figures = True, [], False, {}
    if job["kind"] == "plain":
        from pelican import Pelican

        Pelican(_plain_settings(job)).run()
    else:
        from recap_build.build import build

        result = build(Path(job["settings"]), Path(job["output"]), overrides(job),
                       if_changed=job["if_changed"], detach_cleanup=True)  # as `invoke build` runs it
        ok, errors = result.ok, [str(p) for p in result.problems] + result.errors
        up_to_date, figures = result.up_to_date, result.figures
    seconds = time.perf_counter() - start
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    # the build's result says how many charts it drew; an up-to-date build draws none
    rendered = None if job["kind"] == "plain" else 0 if up_to_date else figures.get("charts_rendered")
    pages = sum(1 for _ in Path(job["output"]).rglob("*.html")) if ok else 0
    return {"seconds": seconds, "peak_mib": _peak_mib(), "workers_peak_mib": workers, "rendered": rendered,
            "ok": ok, "errors": errors[:5], "up_to_date": up_to_date, "pages": pages,
            "figures": {key: value for key, value in figures.items() if isinstance(value, int | float | str)}}


def child_env() -> dict:
    """The environment of a child that imports the plugins and tools/ of this checkout."""
    paths = [str(ROOT / "plugins"), str(ROOT), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    # a user's Python keeps the plugins' bytecode after the first build, as pip did Pelican's at install: with
    # writing it turned off, every timed build would compile the plugins' hundred modules again, Pelican none
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _spawn(name: str, job: dict, profile: Path | None = None) -> Build:
    command = [sys.executable]
    if profile is not None:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += ["-m", "tools.bench.site_build", json.dumps(job)]
    done = subprocess.run(command, capture_output=True, text=True, env=child_env(), cwd=job["cwd"], check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode or not lines:
        return Build(name, 0.0, 0.0, 0.0, None, ok=False, errors=[done.stderr.strip()[-2000:]])
    return Build(name, **json.loads(lines[-1]))


# -- the whole benchmark ----------------------------------------------------------------


@dataclass
class Scaled:
    """Plain Pelican and the cold build at one size of the archive."""

    events: int
    plain: Build
    cold: Build


@dataclass
class Report:
    scale: Scale
    charts_planned: int
    changed: str
    expected_after_change: int
    builds: list[Build]
    live: object = None  # tools.bench.live_latency.Live: an edit's way onto the livereload page
    sample: list[Build] = field(default_factory=list)  # the sample site: plain Pelican, cold, one talk edited
    sample_live: object = None  # the sample's talk edit on the livereload page (live_latency.Live)
    scaling: list[Scaled] = field(default_factory=list)  # cold builds at every size, the default one first

    def by_name(self, name: str) -> Build:
        return next(b for b in self.builds if b.name == name)

    def summary(self) -> str:
        plain = self.by_name("plain Pelican")
        lines = [f"{self.scale.events} events ({self.scale.groups} groups x {self.scale.years} years x "
                 f"{self.scale.per_year}), {self.scale.talks} talks each, {self.scale.questions} poll questions; "
                 f"{self.charts_planned} charts planned; load average {_loadavg()}", HEADER]
        lines += [_row(build, plain) for build in self.builds]
        cold, warm, forced = self.by_name("cold"), self.by_name("warm"), self.by_name(FORCED)
        if warm.ok:
            lines.append("warm: " + ("the output was up to date, nothing was rebuilt (`invoke build`)"
                                     if warm.up_to_date else "the up-to-date check found a change and rebuilt"))
        if cold.ok and cold.rendered:
            lines.append(f"cold chart rate: {cold.rendered / cold.seconds:.0f} charts/s over the whole build "
                         f"({os.cpu_count()} cores)")
            if forced.ok and cold.seconds > forced.seconds:
                # the forced warm build does everything the cold one does except drawing
                lines.append(f"drawing alone (cold - forced warm): {cold.seconds - forced.seconds:.1f} s, "
                             f"{cold.rendered / (cold.seconds - forced.seconds):.0f} charts/s")
        lines.append(f"one changed poll ({self.changed}): expected {self.expected_after_change} charts redrawn, "
                     f"drew {self.by_name(POLL_CHANGED).rendered}")
        if self.live is not None:
            lines.append(self.live.line(plain.seconds))
        lines.append(self._peak_line())
        lines += self._sample_lines() + self._scaling_lines() + self.verdicts()
        return "\n".join(lines)

    def _peak_line(self) -> str:
        measured = [b for b in self.builds + self.sample if b.ok]
        measured += [b for scaled in self.scaling[1:] for b in (scaled.plain, scaled.cold) if b.ok]
        if not measured:
            return "peak memory: no build finished"
        top = max(measured, key=lambda b: b.peak_mib)
        workers = max(measured, key=lambda b: b.workers_peak_mib)
        said = (f"peak memory: {top.peak_mib:.0f} MiB ({_mb(top.peak_mib):.0f} MB) in the build process "
                f"({top.name}); largest chart worker {workers.workers_peak_mib:.0f} MiB ({workers.name})")
        if self.live is not None and self.live.ok:
            said += f"; livereload worker {self.live.peak_mib:.0f} MiB"
        return said

    def _sample_lines(self) -> list[str]:
        if not self.sample:
            return []
        plain = self.sample[0]
        live = [self.sample_live.line(plain.seconds, "sample")] if self.sample_live is not None else []
        return ["sample site (content/, survey/), plain Pelican on its own Markdown:", HEADER,
                *(_row(build, plain) for build in self.sample), *live]

    def _scaling_lines(self) -> list[str]:
        if len(self.scaling) < 2:
            return []
        lines = ["scaling, cold builds (fresh process, empty caches):",
                 f"{'events':>8}{'plain s':>9}{'cold s':>9}{'x plain':>9}{'cold s/1000 events':>20}{'peak MiB':>10}"]
        for scaled in self.scaling:
            if not (scaled.plain.ok and scaled.cold.ok):
                lines.append(f"{scaled.events:>8} FAILED: {' | '.join(scaled.plain.errors + scaled.cold.errors)}")
                continue
            lines.append(f"{scaled.events:>8}{scaled.plain.seconds:>9.1f}{scaled.cold.seconds:>9.1f}"
                         f"{_ratio(scaled.cold.seconds, scaled.plain.seconds):>9.2f}"
                         f"{1000 * scaled.cold.seconds / scaled.events:>20.1f}{scaled.cold.peak_mib:>10.0f}")
        first, last = self.scaling[0], self.scaling[-1]
        if all(b.ok for b in (first.plain, first.cold, last.plain, last.cold)):
            lines.append(f"growth {first.events} -> {last.events} events (x{last.events / first.events:.1f}): "
                         f"plain x{_ratio(last.plain.seconds, first.plain.seconds):.2f}, "
                         f"cold x{_ratio(last.cold.seconds, first.cold.seconds):.2f}")
        return lines

    def verdicts(self) -> list[str]:
        """One line per target: met or MISSED, with the figure measured and, for a missed share of plain
        Pelican, how many times the target it is."""
        plain, cold, warm, forced = (self.by_name(n) for n in ("plain Pelican", "cold", "warm", FORCED))
        changed, edited = self.by_name(POLL_CHANGED), self.by_name(EDITED)
        if not all(build.ok for build in self.builds) or not plain.seconds:
            return ["targets: not judged, a build failed"]
        rate = cold.rendered / cold.seconds if cold.rendered else 0.0
        peak = _mb(max(b.peak_mib for b in self.builds))
        checks = [
            _share("cold <= 1.5x plain", cold.seconds, plain.seconds, 1.5),
            # `invoke build` with nothing changed: the up-to-date check, not a re-render (see the --force row)
            _share("warm <= 1.1x plain (nothing rebuilt)", warm.seconds, plain.seconds, 1.1),
            ("warm draws 0 charts", warm.rendered == 0, f"{warm.rendered} drawn"),
            ("warm, every page rendered, draws 0 charts", forced.rendered == 0, f"{forced.rendered} drawn"),
            ("one change draws only what it feeds", changed.rendered == self.expected_after_change,
             f"{changed.rendered} drawn, {self.expected_after_change} fed"),
            ("a talk edit draws 0 charts", edited.rendered == 0, f"{edited.rendered} drawn"),
            ("cold >= 100 charts/s", rate >= 100, f"{rate:.0f} charts/s"),
            *(_share(f"{name} <= {EDIT_SHARE}x plain", self.by_name(name).seconds, plain.seconds, EDIT_SHARE)
              for name in (EDITED, EVENT_EDITED, POLL_CHANGED)),
            (f"peak memory <= {PEAK_MB} MB", peak <= PEAK_MB, f"{peak:.0f} MB"),
        ]
        if self.live is not None:
            name = f"livereload talk edit on the page <= {LIVE_SHARE}x plain"
            checks.append(_share(name, self.live.seconds, plain.seconds, LIVE_SHARE) if self.live.ok
                          else (name, False, "it failed"))
        if len(self.sample) == 3 and all(b.ok for b in self.sample):
            sample_plain, sample_cold, sample_edit = self.sample
            checks += [_share("sample cold <= 2x plain", sample_cold.seconds, sample_plain.seconds, 2),
                       _share("sample talk edit <= 1x plain", sample_edit.seconds, sample_plain.seconds, 1)]
            if self.sample_live is not None:  # the same edit in the warm worker, as an author previews it
                name = "sample talk edit on the livereload page <= 1x plain"
                checks.append(_share(name, self.sample_live.seconds, sample_plain.seconds, 1) if self.sample_live.ok
                              else (name, False, "it failed"))
        if len(self.scaling) >= 2 and all(s.cold.ok for s in self.scaling):
            first, last = self.scaling[0], self.scaling[-1]
            per_event = [s.cold.seconds / s.events for s in (first, last)]
            checks.append((f"cold grows linearly (per-event cost at {last.events} within 25% of {first.events})",
                           per_event[1] <= 1.25 * per_event[0],
                           f"{1000 * per_event[0]:.1f} s and {1000 * per_event[1]:.1f} s per 1,000 events"))
        return [f"target {name}: {'met' if good else 'MISSED'} ({said})" for name, good, said in checks]


def _share(name: str, seconds: float, plain: float, limit: float) -> tuple[str, bool, str]:
    """A target on a build's time as a share of plain Pelican's: (name, met, what was measured)."""
    ratio = _ratio(seconds, plain)
    good = seconds <= limit * plain
    return name, good, f"{ratio:.2f}x" if good else f"{ratio:.2f}x, {ratio / limit:.1f} times the target"


HEADER = (f"{'build':<22}{'seconds':>9}{'x plain':>9}{'peak MiB':>10}{'workers MiB':>13}{'charts':>8}"
          f"{'rendered/carried':>18}{'pages':>8}")


def _row(build: Build, plain: Build) -> str:
    if not build.ok:
        return f"{build.name:<22} FAILED: {' | '.join(build.errors)}"
    return (f"{build.name:<22}{build.seconds:>9.1f}{_ratio(build.seconds, plain.seconds):>9.2f}"
            f"{build.peak_mib:>10.0f}{build.workers_peak_mib:>13.0f}"
            f"{'-' if build.rendered is None else build.rendered:>8}{build.files:>18}{build.pages:>8}")


def _ratio(seconds: float, base: float) -> float:
    return seconds / base if base else float("nan")


def _mb(mib: float) -> float:
    return mib * 1024 * 1024 / 1e6


def _loadavg() -> str:
    path = Path("/proc/loadavg")
    return " ".join(path.read_text().split()[:3]) if path.exists() else "unknown"


def _planned(survey_dir: Path) -> int:
    from polls.read.folder import load_survey
    from polls.stats.aggregate import aggregate
    from polls_site import page_plan as site_plan

    survey = load_survey(survey_dir)
    return len(site_plan.plan(survey, aggregate(survey), 10, "polls/{slug}/index.html").specs)


def site_job(kind: str, root: Path, content: Path, survey: Path, output: str, settings: Path = SETTINGS,
             if_changed: bool = True) -> dict:
    """One build's job for :func:`run_child`: ``if_changed`` as `invoke build` does; False is `--force`."""
    return {"kind": kind, "content": str(content), "survey": str(survey), "output": str(root / output),
            "cache": str(root / ("cache" if kind == "site" else "plain-cache")), "settings": str(settings),
            "cwd": str(root), "if_changed": if_changed}


def run(scale: Scale = Scale(), folder: Path | None = None, settings: Path = SETTINGS,
        profile: Path | None = None, progress=print, *, live: bool = True, sample: bool = True,
        scaling: tuple[int, ...] = ()) -> Report:
    """Generate the archive in ``folder`` (a temporary one by default) and time the builds.

    With ``profile`` (a folder) each build also writes a cProfile file there: <build>.prof.
    ``live`` adds the livereload latency, ``sample`` the sample site's builds, ``scaling``
    (factors of the number of groups) plain Pelican and a cold build at each larger size.
    """
    from tools.bench import live_latency, sample_site

    with tempfile.TemporaryDirectory(prefix="recap-bench-") as temporary:
        root = Path(folder or temporary)
        progress(f"Generating {scale.events} events into {root} ...")
        archive = generate(root, scale)
        planned = _planned(archive.survey)

        def job(kind: str, content: Path, output: str, if_changed: bool = True) -> dict:
            return site_job(kind, root, content, archive.survey, output, settings, if_changed)

        def timed(name: str, spec: dict) -> Build:
            progress(f"Building: {name} ...")
            prof = (profile / f"{name.replace(' ', '-').replace(',', '')}.prof") if profile else None
            build = _spawn(name, spec, prof)
            # each row as soon as it is known: a long run stopped early keeps what it measured; the ratio is
            # to the plain Pelican build measured last (the archive's, the sample's, the larger archive's)
            if name.startswith("plain Pelican") or name == "sample plain Pelican":
                plains.append(build)
            progress(_row(build, plains[-1]))
            return build

        plains: list[Build] = []

        builds: list[Build] = []

        builds.append(timed("plain Pelican", job("plain", archive.plain, "plain-output")))
        builds.append(timed("cold", job("site", archive.content, "output")))
        builds.append(timed("warm", job("site", archive.content, "output")))
        builds.append(timed(FORCED, job("site", archive.content, "output", if_changed=False)))
        name, group = change_one_poll(archive)
        expected = fed_by(archive.survey, name, group)
        builds.append(timed(POLL_CHANGED, job("site", archive.content, "output")))
        edit_one_talk(archive)
        builds.append(timed(EDITED, job("site", archive.content, "output")))
        edit_one_event(archive)
        builds.append(timed(EVENT_EDITED, job("site", archive.content, "output")))
        report = Report(scale, planned, name, expected, builds)
        if live:
            progress("Livereload: one talk edited, the served page polled until it changes ...")
            report.live = live_latency.measure(job("site", archive.content, "output"),
                                               live_latency.archive_talk(archive))
            progress(report.live.line(builds[0].seconds))
        if sample:
            report.sample, report.sample_live = sample_site.run(root / "sample", timed, settings, live)
            if report.sample_live is not None:
                progress(report.sample_live.line(report.sample[0].seconds, "sample"))
        if scaling:
            report.scaling = [Scaled(scale.events, builds[0], builds[1])]
            report.scaling += [_scaled(root / f"scale-{factor}", scale, factor, settings, timed)
                               for factor in scaling]
        return report


def _scaled(root: Path, scale: Scale, factor: int, settings: Path, timed) -> Scaled:
    """Plain Pelican and the cold build of an archive ``factor`` times as large (more groups, the same years)."""
    bigger = Scale(scale.groups * factor, scale.years, scale.per_year, scale.talks, scale.questions)
    archive = generate(root, bigger)
    plain = timed(f"plain Pelican, {bigger.events}", site_job("plain", root, archive.plain, archive.survey,
                                                              "plain-output", settings))
    cold = timed(f"cold, {bigger.events}", site_job("site", root, archive.content, archive.survey, "output",
                                                     settings))
    shutil.rmtree(root, ignore_errors=True)  # the largest archive and its output take gigabytes
    return Scaled(bigger.events, plain, cold)


def main(argv: list[str]) -> None:
    """``python -m tools.bench.site_build JOB_JSON``: one build (what ``run`` starts in each child)."""
    print(json.dumps(run_child(json.loads(argv[0]))))


if __name__ == "__main__":
    main(sys.argv[1:])


__all__ = ["EDITED", "EVENT_EDITED", "FORCED", "POLL_CHANGED", "SCALING", "Archive", "Build", "Report", "Scale",
           "Scaled", "catalog", "change_one_poll", "edit_one_event", "edit_one_talk", "fed_by", "generate", "run",
           "child_env", "files_said", "overrides", "run_child", "site_job"]
