"""Small-cell suppression: which poll figures are hidden, and why."""

from __future__ import annotations

import pandas as pd
import pytest
from polls.stats.suppression import apply_suppression


def question(kind: str, cells: dict[str, int | None], total: int, answered: int | None = None,
             survey: str = "brno-2", name: str = "q") -> pd.DataFrame:
    """Rows of one poll question: option -> count, with its base (and answered, when known)."""
    return pd.DataFrame(
        {
            "survey": survey,
            "question": name,
            "kind": kind,
            "option": list(cells),
            "count": pd.array(list(cells.values()), dtype="Int64"),
            "answered": pd.array([answered] * len(cells), dtype="Int64"),
            "base": pd.array([total] * len(cells), dtype="Int64"),
        }
    )


def reasons(frame: pd.DataFrame) -> dict[str, str]:
    out = apply_suppression(frame, min_cell=10)
    return dict(zip(out["option"], out["suppression"], strict=True))


def test_nothing_is_hidden_when_every_cell_and_its_complement_are_large():
    frame = question("single", {"dev": 40, "ops": 35, "student": 25}, total=100)
    out = apply_suppression(frame, min_cell=10)
    assert not out["suppressed"].any()
    assert out["count"].tolist() == [40, 35, 25]


def test_a_multiple_choice_cell_below_the_threshold_is_hidden_alone():
    # Options overlap, so there is no sum to subtract from: one small cell is enough.
    frame = question("multiple", {"docker": 60, "podman": 4, "lxc": 12}, total=80)
    assert reasons(frame) == {"docker": "", "podman": "small", "lxc": ""}


def test_a_single_small_cell_of_a_single_choice_question_takes_the_next_smallest_with_it():
    # 40 + 35 + 4 + 21 = 100 = answered: showing the other three would give "4" by subtraction.
    frame = question("single", {"dev": 40, "ops": 35, "manager": 4, "student": 21}, total=100)
    assert reasons(frame) == {"dev": "", "ops": "", "manager": "small", "student": "complementary"}


def test_two_small_cells_already_protect_each_other():
    frame = question("single", {"dev": 50, "ops": 34, "manager": 7, "student": 9}, total=100)
    assert reasons(frame) == {"dev": "", "ops": "", "manager": "small", "student": "small"}


def test_a_yes_no_share_is_hidden_when_few_people_said_no():
    # 95 of 100 said yes: publishing 95 % tells the room that 5 people said no.
    frame = question("yes-no", {"yes": 95}, total=100)
    assert reasons(frame) == {"yes": "complement"}


def test_a_yes_no_share_is_hidden_when_few_people_said_yes():
    frame = question("yes-no", {"yes": 6}, total=100)
    assert reasons(frame) == {"yes": "small"}


def test_a_yes_no_share_with_enough_people_on_both_sides_is_published():
    frame = question("yes-no", {"yes": 85}, total=100)
    assert reasons(frame) == {"yes": ""}


def test_the_complement_is_counted_against_those_who_answered_when_that_is_known():
    # 30 of 100 in the room, but only 36 answered: 6 said no, and 36 is published as n.
    frame = question("yes-no", {"yes": 30}, total=100, answered=36)
    assert reasons(frame) == {"yes": "complement"}


def test_a_multiple_choice_option_almost_everyone_chose_is_hidden():
    frame = question("multiple", {"docker": 78, "podman": 30}, total=80)
    assert reasons(frame) == {"docker": "complement", "podman": ""}


def test_a_small_unlisted_remainder_hides_the_smallest_listed_cell():
    # Of 100 present, 55 + 38 raised hands for the two listed answers: 7 did neither.
    frame = question("single", {"linux": 55, "mac": 38}, total=100)
    assert reasons(frame) == {"linux": "", "mac": "complementary"}


def test_a_small_cell_with_a_large_unlisted_remainder_needs_no_partner():
    # 30 + 4 listed of 100: the 66 others hide the 4 among themselves.
    frame = question("single", {"linux": 30, "windows": 4}, total=100)
    assert reasons(frame) == {"linux": "", "windows": "small"}


def test_zero_is_a_small_cell():
    frame = question("multiple", {"docker": 50, "rkt": 0}, total=80)
    assert reasons(frame) == {"docker": "", "rkt": "small"}


def test_headcounts_are_never_hidden():
    frame = question("attendance", {"count": 7}, total=7)
    assert reasons(frame) == {"count": ""}


def test_hidden_rows_lose_count_share_and_interval_but_keep_their_base():
    frame = question("multiple", {"docker": 60, "podman": 4}, total=80).assign(
        share=[0.75, 0.05], ci_low=[0.6, 0.01], ci_high=[0.8, 0.1]
    )
    out = apply_suppression(frame, min_cell=10).set_index("option")
    for column in ("count", "share", "ci_low", "ci_high"):
        assert pd.isna(out.loc["podman", column])
        assert not pd.isna(out.loc["docker", column])
    assert out.loc["podman", "base"] == 80


def test_questions_and_surveys_are_protected_separately():
    frame = pd.concat(
        [
            question("single", {"dev": 40, "ops": 55, "manager": 5}, total=100, survey="a"),
            question("single", {"dev": 40, "ops": 55, "manager": 5}, total=100, survey="a",
                     name="r"),
            question("single", {"dev": 40, "ops": 45, "manager": 15}, total=100, survey="b"),
        ],
        ignore_index=True,
    )
    out = apply_suppression(frame, min_cell=10)
    hidden = out.loc[out["suppressed"], ["survey", "question", "option", "suppression"]]
    assert hidden.values.tolist() == [
        ["a", "q", "dev", "complementary"],
        ["a", "q", "manager", "small"],
        ["a", "r", "dev", "complementary"],
        ["a", "r", "manager", "small"],
    ]


@pytest.mark.parametrize(("min_cell", "hidden"), [(0, []), (5, []), (6, ["manager", "dev"])])
def test_the_threshold_is_a_parameter(min_cell, hidden):
    frame = question("single", {"dev": 40, "ops": 55, "manager": 5}, total=100)
    out = apply_suppression(frame, min_cell=min_cell)
    assert sorted(out.loc[out["suppressed"], "option"]) == sorted(hidden)
