"""The question catalog: stable question and option ids, and every wording seen for them.

The same question is worded differently at every meetup and in every year's form;
the catalog lists those wordings (and the spellings of each option) so that a
column or a tally line maps to one stable id, which is what makes trends possible.
The file format is documented in docs/poll-formats.md.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kernel import yaml_nodes as yn

from ..errors import PollDataError, Problem

KINDS = ("yes-no", "single", "multiple", "bucket", "attendance")
BASES = ("answered", "attended")
CATALOG_KEYS = {"questions"}
QUESTION_KEYS = {"id", "kind", "text", "topic", "base", "free_text", "wordings", "options", "ignore", "asked_if"}
OPTION_KEYS = {"id", "label", "spellings", "other", "range", "not_offered"}
ASKED_IF_KEYS = {"question", "answer", "surveys", "implied_by"}
WORDING_KEYS = {"text", "item"}

# Spellings every yes/no question understands, on top of its own.
YES_SPELLINGS = ("yes", "y", "true", "ano", "x", "1")
NO_SPELLINGS = ("no", "n", "false", "ne", "0")

# Characters that carry meaning in option spellings ("<10", "3+", "85%") and survive
# normalisation; every other run of punctuation and whitespace becomes one space.
_NOISE = re.compile(r"[^\w<>+%]+")


def normalize(text: str) -> str:
    """The form wordings and spellings are compared in: case, spacing and punctuation folded."""
    text = unicodedata.normalize("NFKC", str(text)).casefold().replace("_", " ")
    return _NOISE.sub(" ", text).strip()


@dataclass(frozen=True)
class Option:
    """One answer of a question: a stable id, a display label and the spellings seen in files."""

    id: str
    label: str
    spellings: tuple[str, ...] = ()
    other: bool = False
    range: tuple[float | None, float | None] | None = None
    #: Meetups whose form did not offer this option: there it is missing, never 0.
    not_offered: tuple[str, ...] = ()

    def keys(self) -> list[str]:
        """Every normalised text that means this option."""
        return list(dict.fromkeys(normalize(s) for s in (self.id, self.label, *self.spellings)))


@dataclass(frozen=True)
class Wording:
    """A question text as seen in a file; ``item`` names the row of a matrix question."""

    text: str
    item: str = ""


@dataclass(frozen=True)
class AskedIf:
    """Who was asked: only those who gave ``answer`` to ``question`` (at ``surveys``, or everywhere)."""

    question: str
    answer: str
    surveys: tuple[str, ...] = ()
    #: options of the asked question only someone giving ``answer`` can choose ("uses containers in
    #: production" needs "uses containers"): for them, those not asked count as not choosing them, so a
    #: comparison can restate both meetups on the base of everyone who answered ``question``
    implied_by: tuple[str, ...] = ()

    def applies_to(self, survey: str) -> bool:
        return not self.surveys or survey in self.surveys


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    text: str
    options: list[Option]
    base: str = "answered"
    free_text: bool = False
    topic: str = "other"
    wordings: tuple[Wording, ...] = ()
    ignore: tuple[str, ...] = ()
    asked_if: AskedIf | None = None

    def asked(self, survey: str) -> str:
        """Who was asked at ``survey``: "" for everyone who saw the form, else "question=answer"."""
        if self.asked_if is None or not self.asked_if.applies_to(survey):
            return ""
        return f"{self.asked_if.question}={self.asked_if.answer}"

    def offered(self, option: str, survey: str) -> bool:
        """False when ``survey``'s form did not offer ``option``."""
        found = next((o for o in self.options if o.id == option), None)
        return found is None or survey not in found.not_offered

    def option(self, answer: str) -> Option | None:
        """The option an answer means (by id, label or spelling, or by numeric range)."""
        key = normalize(answer)
        for option in self.options:
            if key in option.keys():
                return option
        number = _number(answer)
        if number is not None:
            for option in self.options:
                if option.range and _in_range(number, option.range):
                    return option
        return None

    def ignores(self, answer: str) -> bool:
        """True for answers the catalog says to treat as no answer (export glitches)."""
        return normalize(answer) in {normalize(s) for s in self.ignore}

    def other_option(self) -> Option | None:
        return next((o for o in self.options if o.other), None)

    def closest_option(self, answer: str) -> str | None:
        """The catalog spelling nearest to an unknown answer, for a hint."""
        spellings = {k: o.id for o in self.options for k in o.keys()}
        match = difflib.get_close_matches(normalize(answer), list(spellings), n=1, cutoff=0.6)
        return spellings[match[0]] if match else None


@dataclass(frozen=True)
class Catalog:
    questions: list[Question]
    source: str = ""
    _index: dict[str, list[tuple[Question, Wording]]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, list[tuple[Question, Wording]]] = {}
        for question in self.questions:
            for wording in _all_wordings(question):
                index.setdefault(normalize(wording.text), []).append((question, wording))
        object.__setattr__(self, "_index", index)

    def get(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def find(self, text: str) -> list[tuple[Question, Wording]]:
        """Questions (with the matching wording) whose wording is ``text``, in catalog order."""
        return list(self._index.get(normalize(text), []))

    def lookup(self, key: str) -> Question | None:
        """A question by id or by a plain (non-matrix) wording, as tallies name them."""
        by_id = self.get(key) or next((q for q in self.questions if normalize(q.id) == normalize(key)), None)
        if by_id:
            return by_id
        return next((q for q, w in self.find(key) if not w.item), None)

    def closest(self, text: str) -> str | None:
        """A hint naming the catalog question nearest to an unknown wording."""
        keys = {normalize(q.id): q for q in self.questions} | {k: pairs[0][0] for k, pairs in self._index.items()}
        match = difflib.get_close_matches(normalize(text), list(keys), n=1, cutoff=0.6)
        if not match:
            return None
        question = keys[match[0]]
        return f"{question.id} ({question.text})"

    def order(self) -> dict[str, int]:
        return {q.id: i for i, q in enumerate(self.questions)}


def catalog_question(catalog: Any, question: str) -> Any:
    """The catalog's Question with this id, or None (no catalog, or an unknown id).

    Any object with ``questions`` will do: the charts take light catalogs too.
    """
    if catalog is None:
        return None
    return next((candidate for candidate in catalog.questions if candidate.id == question), None)


def _all_wordings(question: Question) -> list[Wording]:
    return list(dict.fromkeys([Wording(question.text), *question.wordings]))


def _number(text: str) -> float | None:
    try:
        return float(str(text).strip().replace(",", "."))
    except ValueError:
        return None


def _in_range(number: float, bounds: tuple[float | None, float | None]) -> bool:
    low, high = bounds
    return (low is None or number >= low) and (high is None or number <= high)


def load_catalog(path: str | Path, file: str | None = None) -> Catalog:
    """Read a catalog file (questions.yaml); raises PollDataError listing every problem."""
    path = Path(path)
    file = file or str(path)
    if not path.is_file():
        raise PollDataError(Problem(file, 0, 0, "question catalog not found"))
    root, problems = yn.read_yaml(path, file)
    questions: list[Question] = []
    if root is not None:
        questions, problems = _read_catalog(root, file)
    if problems:
        raise PollDataError(sorted(problems))
    return Catalog(questions, source=file)


def _read_catalog(root: yn.Node, file: str) -> tuple[list[Question], list[Problem]]:
    problems: list[Problem] = []
    entries = yn.get(root, "questions") if yn.is_mapping(root) else None
    if not yn.is_sequence(entries):
        return [], [yn.problem(file, root, "a catalog is a mapping with a `questions:` list")]
    problems += yn.unknown_keys(root, CATALOG_KEYS, file, "catalog")
    questions: list[Question] = []
    seen_ids: dict[str, yn.Node] = {}
    seen_wordings: dict[tuple[str, str], str] = {}
    for node in entries.value:
        question, found = _read_question(node, file)
        problems += found
        if question is None:
            continue
        id_node = yn.get(node, "id")
        if question.id in seen_ids:
            problems.append(yn.problem(file, id_node, f"duplicate question id {question.id!r}"))
            continue
        seen_ids[question.id] = id_node
        for wording in _all_wordings(question):
            key = (normalize(wording.text), normalize(wording.item))
            owner = seen_wordings.setdefault(key, question.id)
            if owner != question.id:
                problems.append(
                    yn.problem(
                        file, node, f"wording {wording.text!r} of {question.id!r} is already a wording of {owner!r}"
                    )
                )
        questions.append(question)
    problems += _asked_if_problems(entries.value, questions, file)
    return questions, problems


def _asked_if_problems(nodes: list[yn.Node], questions: list[Question], file: str) -> list[Problem]:
    """An ``asked_if`` names another question of the catalog and one of its options."""
    by_id = {q.id: q for q in questions}
    problems = []
    for node in nodes:
        qid = yn.scalar(yn.get(node, "id")) if yn.is_mapping(node) else None
        question = by_id.get(qid)
        if question is None or question.asked_if is None:
            continue
        where = yn.get(node, "asked_if")
        screen = by_id.get(question.asked_if.question)
        if screen is None or screen.id == question.id:
            problems.append(yn.problem(file, yn.get(where, "question") or where,
                                       f"question {qid!r}: asked_if names {question.asked_if.question!r}, "
                                       "which is not another question of the catalog"))
        elif screen.option(question.asked_if.answer) is None:
            problems.append(yn.problem(file, yn.get(where, "answer") or where,
                                       f"question {qid!r}: asked_if answer {question.asked_if.answer!r} "
                                       f"is not an option of {screen.id!r}"))
        implied = yn.get(where, "implied_by")
        for item in (implied.value if yn.is_sequence(implied) else [implied] if implied is not None else []):
            if yn.is_scalar(item) and question.option(str(item.value)) is None:
                hint = question.closest_option(str(item.value))
                problems.append(yn.problem(file, item, f"question {qid!r}: asked_if implied_by {str(item.value)!r} "
                                           f"is not an option of {qid!r}"
                                           + (f"; closest option: {hint!r}" if hint else "")))
    return problems


def _read_asked_if(node: yn.Node | None, file: str, qid: str) -> tuple[AskedIf | None, list[Problem]]:
    if node is None:
        return None, []
    shape = f"question {qid!r}: asked_if is a mapping with `question` and `answer` (and optional `surveys`)"
    if not yn.is_mapping(node):
        return None, [yn.problem(file, node, shape)]
    problems = yn.unknown_keys(node, ASKED_IF_KEYS, file, "asked_if")
    screen, answer = yn.scalar(yn.get(node, "question")), yn.scalar(yn.get(node, "answer"))
    if not screen or not answer:
        return None, problems + [yn.problem(file, node, shape)]
    return AskedIf(screen, answer, tuple(_strings(yn.get(node, "surveys"))),
                   tuple(_strings(yn.get(node, "implied_by")))), problems


def _read_question(node: yn.Node, file: str) -> tuple[Question | None, list[Problem]]:
    if not yn.is_mapping(node):
        return None, [yn.problem(file, node, "each catalog entry is a mapping (id, kind, text, ...)")]
    problems = yn.unknown_keys(node, QUESTION_KEYS, file, "question")
    qid = yn.scalar(yn.get(node, "id"))
    kind = yn.scalar(yn.get(node, "kind"))
    text = yn.scalar(yn.get(node, "text")) or ""
    if not qid:
        return None, problems + [yn.problem(file, node, "question has no `id`")]
    if kind not in KINDS:
        where = yn.get(node, "kind") or node
        return None, problems + [yn.problem(file, where, f"question {qid!r}: kind must be one of {', '.join(KINDS)}")]
    base = yn.scalar(yn.get(node, "base")) or "answered"
    if base not in BASES:
        problems.append(
            yn.problem(
                file,
                yn.get(node, "base"),
                f"question {qid!r}: base must be `answered` (respondents to the question) or `attended`",
            )
        )
    free_text = yn.value(yn.get(node, "free_text")) if yn.get(node, "free_text") else False
    wordings, found = _read_wordings(yn.get(node, "wordings"), file, qid)
    problems += found
    options, found = _read_options(yn.get(node, "options"), file, qid, kind, node)
    problems += found
    ignore = _strings(yn.get(node, "ignore"))
    asked_if, found = _read_asked_if(yn.get(node, "asked_if"), file, qid)
    problems += found
    question = Question(
        id=qid,
        kind=kind,
        text=text or qid,
        options=options,
        base=base,
        free_text=bool(free_text),
        topic=yn.scalar(yn.get(node, "topic")) or "other",
        wordings=tuple(wordings),
        ignore=tuple(ignore),
        asked_if=asked_if,
    )
    return question, problems


def _read_wordings(node: yn.Node | None, file: str, qid: str) -> tuple[list[Wording], list[Problem]]:
    if node is None:
        return [], []
    if not yn.is_sequence(node):
        return [], [yn.problem(file, node, f"question {qid!r}: `wordings` is a list")]
    wordings, problems = [], []
    for entry in node.value:
        if yn.is_mapping(entry):
            problems += yn.unknown_keys(entry, WORDING_KEYS, file, "wording")
            text = yn.scalar(yn.get(entry, "text"))
            if not text:
                problems.append(yn.problem(file, entry, f"question {qid!r}: wording has no `text`"))
                continue
            wordings.append(Wording(text, yn.scalar(yn.get(entry, "item")) or ""))
        elif yn.scalar(entry):
            wordings.append(Wording(yn.scalar(entry)))
        else:
            problems.append(yn.problem(file, entry, f"question {qid!r}: a wording is a text"))
    return wordings, problems


def _read_options(
    node: yn.Node | None, file: str, qid: str, kind: str, question_node: yn.Node
) -> tuple[list[Option], list[Problem]]:
    problems: list[Problem] = []
    if kind == "attendance":
        if node is not None:
            problems.append(
                yn.problem(
                    file, node, f"question {qid!r}: attendance questions have no options (their only figure is `count`)"
                )
            )
        return [Option("count", "Count")], problems
    if kind == "yes-no" and node is None:
        return [Option("yes", "Yes", YES_SPELLINGS), Option("no", "No", NO_SPELLINGS)], []
    if not yn.is_sequence(node) or not node.value:
        return [], [
            yn.problem(file, node or question_node, f"question {qid!r}: a {kind} question needs a list of `options`")
        ]
    options: list[Option] = []
    owners: dict[str, str] = {}
    for entry in node.value:
        option, found = _read_option(entry, file, qid)
        problems += found
        if option is None:
            continue
        for key in option.keys():
            owner = owners.setdefault(key, option.id)
            if owner != option.id:
                problems.append(
                    yn.problem(
                        file,
                        entry,
                        f"question {qid!r}: spelling {key!r} of option {option.id!r} already means {owner!r}",
                    )
                )
        options.append(option)
    if kind == "yes-no" and {o.id for o in options} != {"yes", "no"}:
        problems.append(yn.problem(file, node, f"question {qid!r}: yes-no options are `yes` and `no`"))
    return options, problems


def _read_option(entry: yn.Node, file: str, qid: str) -> tuple[Option | None, list[Problem]]:
    if yn.scalar(entry):
        return Option(yn.scalar(entry), yn.scalar(entry)), []
    if not yn.is_mapping(entry) or not yn.scalar(yn.get(entry, "id")):
        return None, [yn.problem(file, entry, f"question {qid!r}: an option needs an `id`")]
    problems = yn.unknown_keys(entry, OPTION_KEYS, file, "option")
    oid = yn.scalar(yn.get(entry, "id"))
    bounds = None
    range_node = yn.get(entry, "range")
    if range_node is not None:
        bounds = _range(yn.value(range_node))
        if bounds is None:
            problems.append(
                yn.problem(
                    file, range_node, f"question {qid!r}, option {oid!r}: range is [low, high] with numbers or null"
                )
            )
    other = yn.get(entry, "other")
    option = Option(
        id=oid,
        label=yn.scalar(yn.get(entry, "label")) or oid,
        spellings=tuple(_strings(yn.get(entry, "spellings"))),
        other=bool(yn.value(other)) if other is not None else False,
        range=bounds,
        not_offered=tuple(_strings(yn.get(entry, "not_offered"))),
    )
    return option, problems


def _range(value: object) -> tuple[float | None, float | None] | None:
    if not isinstance(value, list) or len(value) != 2:
        return None
    if not all(v is None or (isinstance(v, int | float) and not isinstance(v, bool)) for v in value):
        return None
    return (value[0], value[1])


def _strings(node: yn.Node | None) -> list[str]:
    if node is None:
        return []
    if yn.is_sequence(node):
        return [s for s in (yn.scalar(n) for n in node.value) if s is not None]
    text = yn.scalar(node)
    return [text] if text is not None else []
