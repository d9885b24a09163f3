"""Which files of a survey folder are polls, and of which meetup (docs/poll-formats.md).

``questions.yaml`` is the catalog; a poll file belongs to the meetup it is named
after (survey/<event-slug>.yaml|.csv|.xlsx, or any poll files in a folder
survey/<event-slug>/); an entry in ``index.yaml`` assigns files to a meetup by name
and gives its title, date, group, headcount and how its exports are read.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from kernel import yaml_nodes as yn
from kernel.safepath import Outside, resolve_inside

from ..errors import Problem
from .encoding import encoding_problem
from .form_exports import Export, Options
from .formats.detect import FORMATS, POLL_SUFFIXES
from .mapping import UNMAPPED_POLICIES
from .sheet import delimiter_problem
from .tally import Tally, read_date
from .validate import TypedFigure, parse_figure

CATALOG_FILE = "questions.yaml"
INDEX_FILE = "index.yaml"
INDEX_TOP_KEYS = ("meetups",)
INDEX_KEYS = (
    "id",
    "title",
    "date",
    "group",
    "attended",
    "file",
    "files",
    "format",
    "encoding",
    "delimiter",
    "unmapped",
)


@dataclass
class Entry:
    """One meetup of survey/index.yaml."""

    id: str
    node: yn.Node
    title: str | None = None
    date: dt.date | None = None
    group: str | None = None
    attended: TypedFigure | None = None
    files: list[str] = field(default_factory=list)
    #: Line and column in index.yaml of each name in ``files``.
    named_at: dict[str, tuple[int, int]] = field(default_factory=dict)
    options: Options = Options()


@dataclass
class PollFile:
    survey: str
    path: Path
    file: str
    tally: Tally | None = None
    export: Export | None = None


def not_found(poll: PollFile, entries: dict[str, Entry], root: Path) -> Problem:
    """A file index.yaml names that is not there, reported where index.yaml names it."""
    entry = entries[poll.survey]
    name = next(n for n in entry.files if root / n == poll.path)
    line, column = entry.named_at.get(name, (0, 0))
    return Problem(display(root / INDEX_FILE), line, column, f"poll file {name!r} not found in the survey folder")


def display(path: Path) -> str:
    from kernel.problems import display_path

    return display_path(path.resolve())


def read_index(root: Path) -> tuple[dict[str, Entry], list[Problem]]:
    path = root / INDEX_FILE
    if not path.is_file():
        return {}, []
    file = display(path)
    node, problems = yn.read_yaml(path, file)
    if node is None:
        return {}, problems
    meetups = yn.get(node, "meetups") if yn.is_mapping(node) else None
    if not yn.is_sequence(meetups):
        return {}, problems + [yn.problem(file, node, "index.yaml is a mapping with a `meetups:` list")]
    problems += yn.unknown_keys(node, INDEX_TOP_KEYS, file, "index")
    entries: dict[str, Entry] = {}
    for item in meetups.value:
        entry = _read_entry(item, file, problems, root)
        if entry is None:
            continue
        if entry.id in entries:
            problems.append(yn.problem(file, item, f"meetup {entry.id!r} is listed twice"))
            continue
        entries[entry.id] = entry
    return entries, problems


def _read_entry(node: yn.Node, file: str, problems: list[Problem], root: Path) -> Entry | None:
    sid = yn.scalar(yn.get(node, "id")) if yn.is_mapping(node) else None
    if not sid:
        problems.append(yn.problem(file, node, "each meetup in index.yaml needs an `id`"))
        return None
    entry = Entry(sid, node)
    options: dict[str, str] = {}
    problems += yn.unknown_keys(node, INDEX_KEYS, file, "index")
    for key, value in yn.items(node):
        name = yn.scalar(key)
        text = yn.scalar(value)
        if name in ("title", "group"):
            setattr(entry, name, text)
        elif name == "date":
            entry.date = read_date(value, file, problems)
        elif name == "attended":
            line, column = yn.where(value)
            entry.attended, problem = parse_figure(yn.value(value), file, line, column, "attended")
            problems += [problem] if problem else []
        elif name in ("file", "files"):
            nodes = value.value if name == "files" and yn.is_sequence(value) else [value]
            for named in nodes:
                kept = _poll_file_name(root, file, named, problems)
                if kept is not None:
                    entry.files.append(kept)
                    entry.named_at[kept] = yn.where(named)
        elif name in ("format", "encoding", "delimiter", "unmapped"):
            allowed = {"format": FORMATS[1:], "unmapped": UNMAPPED_POLICIES}.get(name)
            if allowed and text not in allowed:
                problems.append(yn.problem(file, value, f"{name}: one of {', '.join(allowed)}"))
                continue
            wrong = {"encoding": encoding_problem, "delimiter": delimiter_problem}.get(name, lambda _: None)(text or "")
            if wrong:
                problems.append(yn.problem(file, value, wrong))
                continue
            options[name] = text or ""
    entry.options = Options(**options)
    return entry


def _poll_file_name(root: Path, file: str, node: yn.Node, problems: list[Problem]) -> str | None:
    """A file index.yaml names, kept only when it lies inside the survey folder (``../x.csv`` does not)."""
    name = yn.scalar(node) or ""
    try:
        resolve_inside(root, name)
    except Outside as exc:
        problems.append(yn.problem(file, node, f"file: {exc}"))
        return None
    return name


def poll_files(root: Path, entries: dict[str, Entry]) -> list[PollFile]:
    """Poll files by convention (named after the meetup) plus those index.yaml assigns."""
    claimed = {os.path.normpath(root / name) for e in entries.values() for name in e.files}
    polls = [
        PollFile(sid, root / name, display(root / name))
        for sid, name in sorted((e.id, n) for e in entries.values() for n in e.files)
    ]
    for child in sorted(root.iterdir()):
        if child.name.startswith((".", "_")) or child.name in (CATALOG_FILE, INDEX_FILE):
            continue
        if child.is_dir():
            files = [
                f
                for f in sorted(child.iterdir())
                if f.suffix.lower() in POLL_SUFFIXES and not f.name.startswith((".", "_"))
            ]
            polls += [PollFile(child.name, f, display(f)) for f in files if os.path.normpath(f) not in claimed]
        elif child.suffix.lower() in POLL_SUFFIXES and os.path.normpath(child) not in claimed:
            polls.append(PollFile(child.stem, child, display(child)))
    return polls



def relative(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()

