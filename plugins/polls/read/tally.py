"""Show-of-hands tallies: our own small YAML format, typed in after a meetup.

    event: docker-brno-2          # optional: the file name is the default
    date: 2015-10-15              # optional when the site knows the event
    attended: "~100"              # the headcount, the base of every figure
    answers:
      visiting: "~20"             # yes/no question: how many said yes
      experimenting: "~85%"       # a share of the base
      images_per_app: {"3+": "~12"}   # options of a choice question

Every value keeps its line and column (the file is composed into YAML nodes), so
a problem points at the figure that caused it.  See docs/poll-formats.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from kernel import yaml_nodes as yn

from ..errors import Problem
from .catalog import Catalog, Question
from .validate import TypedFigure, parse_figure

NAME = "tally"
TOP_KEYS = ("event", "title", "date", "group", "attended", "answers", "note")
ANSWERED = "answered"


@dataclass(frozen=True)
class Entry:
    """One tallied figure: a question, an option id and the figure as typed."""

    question: Question
    option: str
    figure: TypedFigure
    answered: TypedFigure | None = None


@dataclass
class Tally:
    file: str
    event: str | None = None
    #: Line and column of the ``event:`` key (0, 0 when the file has none).
    event_at: tuple[int, int] = (0, 0)
    title: str | None = None
    date: dt.date | None = None
    group: str | None = None
    attended: TypedFigure | None = None
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_tally(path: Path, file: str, catalog: Catalog) -> Tally:
    """Parse a tally file; every problem is collected in ``Tally.problems``."""
    tally = Tally(file)
    root, problems = yn.read_yaml(path, file)
    tally.problems += problems
    if root is None:
        if not problems:
            tally.problems.append(Problem(file, 1, 1, "empty file: a tally needs `answers:`"))
        return tally
    if not yn.is_mapping(root):
        tally.problems.append(yn.problem(file, root, "a tally is a mapping (event, attended, answers)"))
        return tally
    tally.problems += yn.unknown_keys(root, TOP_KEYS, file, "tally")
    for key, node in yn.items(root):
        name = yn.scalar(key)
        if name in ("event", "title", "group"):
            setattr(tally, name, _text(node, file, name, tally.problems))
            if name == "event":
                tally.event_at = yn.where(key)
        elif name == "date":
            tally.date = read_date(node, file, tally.problems)
        elif name == "attended":
            tally.attended = _figure(node, file, "attended", tally.problems)
            if tally.attended and tally.attended.share:
                tally.problems.append(yn.problem(file, node, "attended: the headcount is a count, not a share"))
                tally.attended = None
    key, answers = next(((k, v) for k, v in yn.items(root) if yn.scalar(k) == "answers"), (None, None))
    if yn.is_sequence(answers) or (yn.is_scalar(answers) and yn.scalar(answers) is not None):
        # A list ("- visiting: 12") or a lone value reads as a mistake in the shape, not an empty tally.
        tally.problems.append(yn.problem(file, key, "`answers:` must map each question id to a figure "
                                                    "(e.g. `visiting: 12`, one per line), not a list or a value"))
    elif answers is None or not yn.items(answers):
        where = answers or root
        tally.problems.append(yn.problem(file, where, "empty file: no `answers:` to read"))
    else:
        tally.entries = _entries(answers, file, catalog, tally.problems)
    return tally


def _text(node: yn.Node, file: str, name: str, problems: list[Problem]) -> str | None:
    text = yn.scalar(node)
    if text is None:
        problems.append(yn.problem(file, node, f"{name}: expected a text"))
    return text


def read_date(node: yn.Node, file: str, problems: list[Problem]) -> dt.date | None:
    """A ``date:`` value (tally or index.yaml); an impossible day is a problem like any typo."""
    value = yn.value(node) if yn.is_scalar(node) else None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        reason = f" ({error})" if "range" in str(error) else ""
        problems.append(yn.problem(file, node, f"date: expected YYYY-MM-DD, not {yn.scalar(node)!r}{reason}"))
        return None


def _figure(node: yn.Node, file: str, what: str, problems: list[Problem]) -> TypedFigure | None:
    if not yn.is_scalar(node):
        problems.append(yn.problem(file, node, f"{what}: expected a number such as 20, ~20 or 85%"))
        return None
    line, column = yn.where(node)
    figure, problem = parse_figure(yn.value(node), file, line, column, what)
    if problem:
        problems.append(problem)
    return figure


def _entries(answers: yn.Node, file: str, catalog: Catalog, problems: list[Problem]) -> list[Entry]:
    if not yn.is_mapping(answers):
        problems.append(yn.problem(file, answers, "answers: a mapping of question to figure"))
        return []
    entries: list[Entry] = []
    seen: dict[str, yn.Node] = {}
    for key, node in yn.items(answers):
        name = yn.scalar(key) or ""
        question = catalog.lookup(name)
        if question is None:
            hint = catalog.closest(name)
            problems.append(
                yn.problem(
                    file, key, f"unknown question {name!r}" + (f"; closest catalog question: {hint}" if hint else "")
                )
            )
            continue
        if question.id in seen:
            problems.append(
                yn.problem(
                    file,
                    key,
                    f"question {question.id!r} is tallied twice (first at line {yn.where(seen[question.id])[0]})",
                )
            )
            continue
        seen[question.id] = key
        entries += _question_entries(question, node, file, problems)
    return entries


def _question_entries(question: Question, node: yn.Node, file: str, problems: list[Problem]) -> list[Entry]:
    what = question.id
    if yn.is_scalar(node):
        if question.kind not in ("yes-no", "attendance"):
            problems.append(
                yn.problem(
                    file, node, f'{what}: a {question.kind} question takes one figure per option, e.g. {{"3+": "~12"}}'
                )
            )
            return []
        figure = _figure(node, file, what, problems)
        option = "yes" if question.kind == "yes-no" else "count"
        return [Entry(question, option, figure)] if figure else []
    if not yn.is_mapping(node):
        problems.append(yn.problem(file, node, f"{what}: expected a figure or a mapping of option to figure"))
        return []
    answered_node = yn.get(node, ANSWERED)
    answered = _figure(answered_node, file, f"{what} answered", problems) if answered_node else None
    if answered and answered.share:
        problems.append(yn.problem(file, answered_node, f"{what}: `answered` is a count, not a share"))
        answered = None
    entries = []
    for key, value in yn.items(node):
        name = yn.scalar(key) or ""
        if name == ANSWERED:
            continue
        option = question.option(name)
        if option is None or (question.kind == "yes-no" and option.id != "yes"):
            if option is None:
                hint = question.closest_option(name)
                message = f"unknown option {name!r} for question {what!r}"
                message += f"; closest option: {hint!r}" if hint else ""
            else:
                message = f"{what}: tally the people who said yes (the rest is the base minus them)"
            problems.append(yn.problem(file, key, message))
            continue
        figure = _figure(value, file, f"{what} {option.id}", problems)
        if figure:
            entries.append(Entry(question, option.id, figure, answered))
    return entries
