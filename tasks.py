"""Invoke tasks for Recap: ``invoke --list`` shows them all.

Tasks only parse arguments and call library functions; the work happens in
plugins/ (the site) and the poll engine.  Sections below are kept apart so each
area's tasks stay together.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

# --- site: build, rebuild, serve, livereload, clean, publish, test, lint ------------

SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
OUTPUT = ROOT / "output"
# livereload rebuilds when WATCHED change, and starts a new build worker first when CODE changes
WATCHED = ["content", "survey", "theme", "pelicanconf.py", "publishconf.py"]
CODE = ["plugins"]


def _failure(lines=(), message: str | None = None, code: int = 1) -> Exit:
    """The one way a task stops: one line per problem on stderr, then ``raise`` the returned Exit.

    Exit code ``code`` (1 for bad input), an optional closing ``message``, never a traceback.
    """
    for line in lines:
        print(str(line), file=sys.stderr)
    return Exit(message, code=code)


def _end(code: int) -> None:
    """A command that printed its own lines (the network commands, rsync, pytest, ruff) ends with its exit code,
    through :func:`_failure` like every other task."""
    if code:
        raise _failure(code=code)


def _run(c, command: str) -> None:
    """Run a shell command in the foreground; its non-zero exit code ends the task (see :func:`_end`)."""
    _end(c.run(command, pty=False, warn=True).exited)


def _build(settings: Path, output: Path, force: bool = False) -> None:
    from recap_build.build import build as build_site

    result = build_site(settings, output, if_changed=not force, detach_cleanup=True)
    if not result.ok:
        raise _failure([*result.problems, *result.errors],
                       f"Build failed; {_display(result.output)} was left as it was.")
    if result.up_to_date:
        print(f"{_display(result.output)}/ is up to date with content, polls, theme, plugins and settings; "
              "nothing to build (--force rebuilds anyway).")
        return
    figures = result.figures
    print(f"Built the site into {_display(result.output)}/ ({figures.get('files_written', 0):,} files rendered, "
          f"{figures.get('files_unchanged', 0):,} unchanged; open index.html, or `invoke serve`).")


def _display(path: Path) -> str:
    from kernel.problems import display_path

    return display_path(path, ROOT)


@task(help={"output": "output folder (default: output/)", "settings": "settings file (default: pelicanconf.py)",
            "force": "build even when output/ is up to date with every input"})
def build(c, output=None, settings=None, force=False):
    """Build the site into output/ (in a temporary folder, then swapped in); skipped when nothing changed."""
    _build(Path(settings or SETTINGS), Path(output or OUTPUT), force)


@task(help={"output": "output folder (default: output/)"})
def clean(c, output=None):
    """Remove the generated site (and what killed builds left beside it) and the caches."""
    from recap_build.swap import remove

    removed = remove(Path(output or OUTPUT).absolute())
    if (ROOT / ".cache").exists():
        shutil.rmtree(ROOT / ".cache")
        removed.append(ROOT / ".cache")
    for path in removed:
        print(f"Removed {_display(path)}")


@task(help={"output": "output folder (default: output/)"})
def rebuild(c, output=None):
    """Clean, then build from scratch."""
    clean(c, output)
    build(c, output)


@task(help={"port": "port (default 8000)", "bind": "address (default 127.0.0.1)", "output": "folder to serve"})
def serve(c, port=8000, bind="127.0.0.1", output=None):
    """Serve the built site at http://127.0.0.1:8000/."""
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    root = Path(output or OUTPUT)
    if not root.is_dir():
        raise _failure(message=f"{_display(root)} does not exist yet: run `invoke build` first.")
    handler = partial(SimpleHTTPRequestHandler, directory=str(root))
    with ThreadingHTTPServer((bind, int(port)), handler) as server:
        print(f"Serving {_display(root)}/ at http://{bind}:{port}/ (Ctrl+C stops)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


@task(help={"port": "port (default 8000)", "bind": "address (default 127.0.0.1)",
            "output": "output folder (default: output/)", "settings": "settings file (default: pelicanconf.py)"})
def livereload(c, port=8000, bind="127.0.0.1", output=None, settings=None):
    """Build, serve, and rebuild + reload the browser when content, polls, theme, plugins or settings change.

    The builds run in one long-lived worker process (recap_build/worker.py) that stays warm between
    them; a change under plugins/ starts a new worker, so the new code runs.
    """
    from recap_build.livesite import serve

    try:
        serve(Path(settings or SETTINGS), Path(output or OUTPUT), watched=[ROOT / name for name in WATCHED],
              code=[ROOT / name for name in CODE],
              plugins=ROOT / "plugins", cwd=ROOT, host=bind, port=int(port), log=lambda line: print(line, flush=True))
    except KeyboardInterrupt:
        pass


@task(
    help={
        "dry_run": "show what rsync would do without changing anything",
        "target": "rsync destination",
        "output": "output folder (default: output/)",
    }
)
def publish(c, dry_run=False, target=None, output=None):
    """Build with publishconf.py and rsync the output to the server (RECAP_PUBLISH_TARGET)."""
    import os

    destination = target or os.environ.get("RECAP_PUBLISH_TARGET")
    if not destination:
        raise _failure(message="Set RECAP_PUBLISH_TARGET (user@host:/path/) or pass --target.")
    if not shutil.which("rsync"):
        raise _failure(message="rsync is not installed (on Debian: apt-get install rsync).")
    output = Path(output or OUTPUT)
    _build(PUBLISH_SETTINGS, output)
    flags = "-avz --delete --checksum" + (" --dry-run" if dry_run else "")
    _run(c, f'rsync {flags} "{output}/" "{destination}"')


@task(help={"browser": "include the browser tests (default: yes)", "k": "only tests matching this expression"})
def test(c, browser=True, k=None):
    """Run the test suite (the same command as README.md's Quickstart)."""
    args = [sys.executable, "-m", "pytest"]
    if not browser:
        args += ["-m", "not browser"]
    if k:
        args += ["-k", k]
    _run(c, " ".join(f'"{a}"' if " " in a else a for a in args))


@task
def lint(c):
    """ruff check over the project."""
    _run(c, f"{sys.executable} -m ruff check .")



# --- polls: survey-check, survey-export, bench-polls --------------------------------


def _site_events(folder: Path, content: Path | None = None) -> dict | None:
    """Poll files named after an event take its date and headcount from the site's content.

    The content folder is ``content`` (the settings' PATH), else content/ beside the survey
    folder; a standalone survey folder (no content beside it) names its meetups in index.yaml.
    """
    from kernel.problems import InputError
    from meetup.standalone import load_site, poll_events

    content = content or folder.resolve().parent / "content"
    if not content.is_dir():
        return None
    try:
        return poll_events(load_site(content, _site_settings()))
    except InputError as error:
        raise _failure(error.problems) from None


def _site_settings() -> dict:
    """pelicanconf.py as the build resolves it (every plugin's declared defaults), without starting Pelican."""
    from recap_build.settings import site_settings

    return _quiet_settings(site_settings, SETTINGS)


def _settings_file(path: Path) -> dict:
    """A settings file read as Pelican reads it (nothing filled in); see :func:`_quiet_settings`."""
    from recap_build.build import load_settings

    return dict(_quiet_settings(load_settings, path))


def _quiet_settings(read, path: Path) -> dict:
    """``read(path)``; a broken settings file is one positioned line per problem and exit 1.

    Pelican's warnings about feeds and timezones concern the build, not the other tasks.
    """
    import logging

    from kernel.problems import InputError

    pelican_log = logging.getLogger("pelican")
    level = pelican_log.level
    pelican_log.setLevel(logging.ERROR)
    try:
        return read(path)
    except InputError as error:
        raise _failure(error.problems) from None
    finally:
        pelican_log.setLevel(level)


def _survey_and_content(path: str | None) -> tuple[Path, Path | None]:
    """The survey folder: --path, else the site's POLLS_PATH (as the build finds it); and its content."""
    from kernel.survey_path import survey_folder

    if path:
        return Path(path), None
    settings = _site_settings()
    return survey_folder(settings), Path(settings["PATH"])


def _site_min_cell(settings: dict) -> int:
    """The site's POLLS_MIN_CELL: downloads and reports may hide more than the site, never less."""
    return int(settings["POLLS_MIN_CELL"])


@task(help={"path": "survey folder to check (default: the site's POLLS_PATH, survey/)"})
def survey_check(c, path=None):
    """Validate the poll files: a summary per meetup, or one line per problem (exit 1)."""
    from polls.read.check import check_survey

    folder, content = _survey_and_content(path)
    result = check_survey(folder, _site_events(folder, content))
    if not result.ok:
        raise _failure(result.problems)
    print("\n".join(result.summary))


@task(
    help={
        "out": "file to write: .json for JSON, anything else is CSV",
        "path": "survey folder (default: the site's POLLS_PATH, survey/)",
        "min_cell": "hide cells below this many people (default and lowest: the site's POLLS_MIN_CELL)",
    }
)
def survey_export(c, out, path=None, min_cell=None):
    """Write the published poll aggregates (shares, Wilson intervals, suppression) to a file."""
    from kernel.problems import InputError
    from polls.publish.downloads import export_csv, export_json
    from polls.read.folder import load_survey
    from polls.stats.aggregate import aggregate
    from polls.stats.suppression import published_min_cell

    asked = None
    if min_cell is not None:
        try:
            asked = int(str(min_cell))
        except ValueError:
            raise _failure([f"--min-cell: expected a whole number, got {min_cell!r}"]) from None
    folder, content = _survey_and_content(path)
    try:
        threshold = published_min_cell(asked, _site_min_cell(_site_settings()))
        survey = load_survey(folder, events=_site_events(folder, content))
    except InputError as error:
        raise _failure(error.problems) from None
    table = aggregate(survey, min_cell=threshold)
    (export_json if str(out).lower().endswith(".json") else export_csv)(table, Path(out))
    print(f"{len(table)} rows ({int(table['suppressed'].sum())} suppressed) -> {out}")


@task(
    help={
        "meetups": "tally files to generate (default 1000)",
        "respondents": "per-respondent rows to generate (default 1000000)",
        "exports": "form exports the rows are spread over (default 4)",
        "archive": "time the survey of `invoke bench`'s archive instead (1,200 tallies, 8 questions)",
    }
)
def bench_polls(c, meetups=1000, respondents=1_000_000, exports=4, archive=False):
    """Time reading, validating, aggregating and fitting the trends of synthetic polls; print seconds and memory."""
    from tools.bench.poll_engine import run_archive_benchmark, run_benchmark

    result = run_archive_benchmark() if archive else run_benchmark(int(meetups), int(respondents), int(exports))
    print(result.summary())


# --- charts: bench -------------------------------------------------------------------


@task(
    help={
        "groups": "meetup groups (default 10)",
        "years": "years of meetups per group (default 10)",
        "per_year": "meetups per group and year (default 12)",
        "talks": "talks per meetup, inline in the event files (default 4)",
        "questions": "poll questions per meetup (default 8)",
        "folder": "write the archive and outputs here and keep them (default: a temporary folder)",
        "profile": "folder for a cProfile file per build (<build>.prof)",
        "scaling": "also plain Pelican and the cold build at 2x and 4x the groups (2,400, 4,800 events; slow)",
        "live": "the livereload latency of a talk edit (default: yes)",
        "sample": "the sample site (content/, survey/) against plain Pelican (default: yes)",
    }
)
def bench(c, groups=10, years=10, per_year=12, talks=4, questions=8, folder=None, profile=None, scaling=False,
          live=True, sample=True):
    """Time a synthetic archive against plain Pelican: cold, warm, edits, livereload, memory, the sample site."""
    from tools.bench.site_build import SCALING, Scale, run

    scale = Scale(int(groups), int(years), int(per_year), int(talks), int(questions))
    if profile:
        Path(profile).mkdir(parents=True, exist_ok=True)
    report = run(scale, Path(folder) if folder else None, profile=Path(profile) if profile else None,
                 live=live, sample=sample, scaling=SCALING if scaling else ())
    print(report.summary())


# --- report: survey-report -----------------------------------------------------------


def _report_siteurl() -> str:
    """RECAP_SITEURL, else publishconf.py's SITEURL: the address talk links point to."""
    import os

    if os.environ.get("RECAP_SITEURL"):
        return os.environ["RECAP_SITEURL"]
    return str(_network_settings_file(str(PUBLISH_SETTINGS)).get("SITEURL") or "")


@task(
    help={
        "out": "folder to write the report into (created; an earlier report there is replaced)",
        "since": "first day of the period (ISO date, e.g. 2024-01-01)",
        "until": "last day of the period (ISO date; default: today)",
        "last": "only the last N meetups (of the group/sponsor/period)",
        "group": "only this group (its slug)",
        "sponsor": "only the meetups this sponsor supported (name or slug)",
        "formats": "comma-separated: html,pdf,md (default: all three)",
        "content": "content folder (default: the site's PATH, content/)",
        "survey": "survey folder (default: the site's POLLS_PATH, survey/)",
        "min_cell": "hide figures below this many people (default and lowest: the site's POLLS_MIN_CELL)",
        "siteurl": "absolute address for talk links (default: RECAP_SITEURL, else publishconf.py's SITEURL)",
        "paper": "PDF page size: a4 (default) or letter",
    }
)
def survey_report(c, out, since=None, until=None, last=None, group=None, sponsor=None, formats=None,
                  content=None, survey=None, min_cell=None, siteurl=None, paper=None):
    """Write the sponsor summary (HTML, PDF, Markdown) for a period, group or sponsor into --out."""
    from kernel.problems import InputError
    from kernel.survey_path import survey_folder
    from polls.approx import DEFAULT_APPROX_RANGE
    from polls.report import parse_options
    from polls_site.sponsor_report import make_report

    settings = _site_settings()
    try:
        options = parse_options(out, since=since, until=until, last=last, group=group, sponsor=sponsor,
                                formats=formats, min_cell=min_cell,
                                siteurl=_report_siteurl() if siteurl is None else siteurl,
                                site_min_cell=_site_min_cell(settings), paper=paper,
                                approx_range=settings.get("POLLS_APPROX_RANGE", DEFAULT_APPROX_RANGE))
        written = make_report(Path(content) if content else Path(settings["PATH"]),
                              Path(survey) if survey else survey_folder(settings), options, settings=settings)
    except InputError as error:
        raise _failure(error.problems, "No report was written.") from None
    for path in written:
        print(f"Wrote {_display(path)}")


# --- network: fetch-polls, import-schedule, import-meetup, linkcheck -----------------


def _network_settings_file(settings: str | None) -> dict:
    """pelicanconf.py (or --settings); the netdata library gets plain values."""
    path = Path(settings) if settings else SETTINGS
    return _settings_file(path) if path.is_file() else {}


def _network_folder(option: str | None, site: dict, setting: str, default: str) -> Path:
    """--option (from the current folder), else the setting or default (from the project)."""
    if option:
        return Path(option).resolve()
    chosen = Path(site.get(setting) or default)
    return chosen if chosen.is_absolute() else ROOT / chosen


@task(
    help={
        "settings": "settings file to read POLLS_REMOTE_SHEETS from (default: pelicanconf.py)",
        "survey": "folder to write the poll sheets into (default: POLLS_PATH, survey/)",
    }
)
def fetch_polls(c, settings=None, survey=None):
    """Download the remote poll sheets listed in POLLS_REMOTE_SHEETS into survey/."""
    from kernel.survey_path import DEFAULT_POLLS_PATH, survey_folder
    from netdata import commands

    site = _network_settings_file(settings)
    # where the build reads the polls: POLLS_PATH beside the content (the project's survey/ without settings)
    folder = Path(survey).resolve() if survey else survey_folder(site) if site else ROOT / DEFAULT_POLLS_PATH
    # the site's events, so a sheet the next build would reject is not written
    _end(commands.fetch_polls(site, folder, events=_site_events(folder)))


@task(
    help={
        "source": "URL or file of a pretalx / frab schedule JSON (or a pretalx talks API page)",
        "event": "slug of the event the talks belong to (content/events/<slug>.md)",
        "force": "overwrite files that were edited by hand or not written by an import",
        "content": "content folder to write into (default: PATH, content/)",
        "settings": "settings file (default: pelicanconf.py)",
    }
)
def import_schedule(c, source, event, force=False, content=None, settings=None):
    """Write talk and speaker Markdown files for an event from a pretalx or frab schedule."""
    from netdata import commands

    site = _network_settings_file(settings)
    folder = _network_folder(content, site, "PATH", "content")
    _end(commands.import_schedule(site, source, event, folder, force=force))


@task(
    help={
        "group": "the group's Meetup urlname (as in meetup.com/<urlname>/)",
        "event": "the Meetup event id (the number in the event's URL)",
        "slug": "event file slug (default: <group>-<event>)",
        "force": "overwrite a file that was edited by hand or not written by an import",
        "content": "content folder to write into (default: PATH, content/)",
        "endpoint": "GraphQL endpoint (default: MEETUP_API_URL, https://api.meetup.com/gql)",
        "settings": "settings file (default: pelicanconf.py)",
    }
)
def import_meetup(
    c, group, event, slug="", force=False, content=None, endpoint="", settings=None
):
    """Create or update an event's Markdown from Meetup.com (token in MEETUP_TOKEN)."""
    import os

    from netdata import commands

    site = _network_settings_file(settings)
    folder = _network_folder(content, site, "PATH", "content")
    token = os.environ.get("MEETUP_TOKEN", "")
    code = commands.import_meetup(
        site, group, event, token, folder, slug=slug, endpoint=endpoint, force=force
    )
    _end(code)


@task(
    help={
        "output": "the built site to check (default: OUTPUT_PATH, output/)",
        "cache": "results cache (default: linkcheck/results.json in CACHE_PATH)",
        "settings": "settings file (default: pelicanconf.py)",
    }
)
def linkcheck(c, output=None, cache=None, settings=None):
    """Check every external link of the built site; exits non-zero when any is broken."""
    from netdata import commands

    site = _network_settings_file(settings)
    folder = _network_folder(output, site, "OUTPUT_PATH", "output")
    from kernel.cache import cache_folder
    from netdata.linkcheck import NAME, RESULTS

    cache_file = Path(cache) if cache else ROOT / cache_folder(site, NAME) / RESULTS
    _end(commands.linkcheck(site, folder, cache_file))
