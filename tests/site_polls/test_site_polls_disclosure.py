"""No hidden cell of the downloads can be pinned down from the published cells alone.

The oracle is a reader with only polls/aggregates.csv and the public catalog: for
each question whose options exclude each other it tries every value each hidden
cell could have (what its public reason allows) and keeps the combinations that
add up to the published total.  Every hidden cell must keep at least
POLLS_MIN_CELL possible values.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import defaultdict

import yaml
from pollsite import SURVEY

MIN_CELL = 10  # POLLS_MIN_CELL of the sample site (the default)
EXCLUSIVE = {"yes-no", "single", "bucket"}


def _kinds() -> dict[str, str]:
    catalog = yaml.safe_load((SURVEY / "questions.yaml").read_text(encoding="utf-8"))
    return {entry["id"]: entry["kind"] for entry in catalog["questions"]}


def _questions(cold_build) -> dict[tuple[str, str], list[dict]]:
    text = (cold_build.output / "polls" / "aggregates.csv").read_text(encoding="utf-8")
    grouped = defaultdict(list)
    for row in csv.DictReader(io.StringIO(text)):
        grouped[(row["survey"], row["question"])].append(row)
    return grouped


def _possible(row: dict, total: int, smallest_shown: int) -> range | list[int]:
    """What a hidden cell's public reason allows: below the threshold, or a partner (never larger
    than a cell still shown, as partners are the smallest shown cell) or nearly everyone."""
    if row["suppression"] == "small":
        return range(0, MIN_CELL)
    return sorted(set(range(MIN_CELL, smallest_shown + 1)) | set(range(total - MIN_CELL + 1, total + 1)))


def feasible_values(rows: list[dict], kind: str) -> list[set[int]]:
    """Every value each hidden cell of one question can take, by trying every combination."""
    total = int(rows[0]["answered"] or rows[0]["base"])
    shown = [int(r["count"]) for r in rows if r["suppressed"] == "false"]
    hidden = [r for r in rows if r["suppressed"] == "true"]
    rest = total - sum(shown)
    choices = [_possible(r, total, min(shown, default=total)) for r in hidden]
    found: list[set[int]] = [set() for _ in hidden]
    for values in itertools.product(*choices):
        # a yes-no question lists only "yes": whatever is left said no
        if sum(values) == rest or (kind == "yes-no" and sum(values) <= rest):
            for i, value in enumerate(values):
                found[i].add(value)
    return found


def test_every_hidden_cell_of_the_downloads_keeps_at_least_the_threshold_of_possible_values(cold_build):
    kinds = _kinds()
    audited = 0
    narrow = []
    for (survey, question), rows in _questions(cold_build).items():
        if kinds.get(question) not in EXCLUSIVE or not any(r["suppressed"] == "true" for r in rows):
            continue
        audited += 1
        hidden = [r for r in rows if r["suppressed"] == "true"]
        for row, values in zip(hidden, feasible_values(rows, kinds[question]), strict=True):
            if values and max(values) - min(values) + 1 < MIN_CELL:
                narrow.append(f"{survey} {question} {row['option']}: {min(values)}..{max(values)}")
    assert audited >= 2, "the sample polls are expected to hide cells of exclusive questions"
    assert narrow == []


def test_the_demo_bucket_the_issue_found_narrowed_is_hidden_whole(cold_build):
    # "1 image" and "2 images" were pinned to 6..9 and 13..16 once "3+" = 16 was shown.
    rows = {r["option"]: r for r in _questions(cold_build)[("demo-city-14", "images_per_app")]}
    assert {option: row["suppression"] for option, row in rows.items()} == {
        "1": "small", "2": "secondary", "3+": "secondary"}
