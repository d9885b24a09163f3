"""`invoke survey-check`: validate a survey folder and summarise each meetup's polls."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..approx import MARK
from ..errors import PollDataError, Problem
from .folder import Survey, load_survey
from .sheet import DELIMITER_NAMES


@dataclass(frozen=True)
class CheckResult:
    """Summary lines when the folder is valid; one line per problem when it is not."""

    summary: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_survey(path: str | Path, events: Mapping[str, Mapping] | None = None) -> CheckResult:
    try:
        survey = load_survey(path, events)
    except PollDataError as error:
        return CheckResult(problems=list(error.problems))
    return CheckResult(summary=summarise(survey))


def summarise(survey: Survey) -> list[str]:
    """One line per meetup: file, format, encoding, respondents or headcount, questions mapped."""
    mapped = survey.counts.groupby("survey")["question"].nunique()
    lines = []
    for row in survey.meetups.itertuples(index=False):
        if row.respondents is not None and str(row.respondents) != "<NA>":
            people = f"{row.respondents} respondents"
        elif str(row.attended) != "<NA>":
            people = f"headcount {MARK if row.attended_approx else ''}{row.attended}"
        else:
            people = "headcount unknown"
        questions = int(mapped.get(row.survey, 0))
        how = ", ".join([row.format, row.encoding, *_separated(row.delimiter)])
        lines.append(
            f"{row.survey} ({row.date:%Y-%m-%d}): {row.source} [{how}] "
            f"{people}, {questions} question{'s' if questions != 1 else ''} mapped"
        )
    total = len(survey.meetups)
    lines.append(
        f"{total} meetup{'s' if total != 1 else ''} with polls, "
        f"{len(survey.catalog.questions)} questions in the catalog: no problems found"
    )
    return lines


def _separated(delimiters: str) -> list[str]:
    """ "semicolon-separated" for each CSV separator used (none for tallies and workbooks)."""
    return [f"{DELIMITER_NAMES.get(d, repr(d))}-separated" for d in delimiters]
