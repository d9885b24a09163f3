"""aggregate(): the published table of a survey, row by row."""

from __future__ import annotations

import csv
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from polls.read.catalog import Catalog, Question
from polls.stats.aggregate import COLUMNS, add_intervals, add_shares, aggregate
from polls.stats.intervals import wilson_interval

DATA = Path(__file__).resolve().parent.parent / "data" / "polls" / "stats"


def read_survey(folder: Path = DATA) -> SimpleNamespace:
    """A Survey-shaped object (meetups, counts, catalog) from the three CSV files in ``folder``."""
    meetups = pd.read_csv(
        folder / "meetups.csv",
        dtype={"attended": "Int64", "respondents": "Int64", "group": "object"},
        keep_default_na=False, na_values={"attended": [""], "respondents": [""]},
        parse_dates=["date"],
    )
    meetups["attended_approx"] = meetups["attended_approx"] == "true"
    counts = pd.read_csv(
        folder / "counts.csv",
        dtype={c: "Int64" for c in ("count", "answered", "attended", "base")},
    )
    counts["approx"] = counts["approx"].astype(bool)
    kinds = pd.read_csv(folder / "questions.csv")
    catalog = Catalog(
        [Question(id=row.id, kind=row.kind, text=row.id, options=[]) for row in kinds.itertuples()]
    )
    return SimpleNamespace(meetups=meetups, counts=counts, catalog=catalog)


@pytest.fixture
def table() -> pd.DataFrame:
    return aggregate(read_survey())


def row(table: pd.DataFrame, survey: str, question: str, option: str) -> pd.Series:
    match = table[
        (table["survey"] == survey) & (table["question"] == question) & (table["option"] == option)
    ]
    assert len(match) == 1
    return match.iloc[0]


def test_there_is_one_row_per_count_with_the_contract_columns(table):
    counts = read_survey().counts
    assert list(table.columns) == COLUMNS
    assert table[["survey", "question", "option"]].values.tolist() == (
        counts[["survey", "question", "option"]].values.tolist()
    )


def test_each_row_carries_its_meetups_date_group_and_title(table):
    students = row(table, "brno-2", "students", "yes")
    assert students["date"] == pd.Timestamp("2015-10-15")
    assert students["group"] == "docker-brno"
    assert students["title"] == "Docker Brno #2"


def test_the_share_is_the_count_over_the_catalogs_base(table):
    # 12 students of 80 present (the question's base is attendance), though 70 answered.
    students = row(table, "brno-3", "students", "yes")
    assert students["share"] == pytest.approx(12 / 80)
    assert (students["base"], students["base_kind"], students["answered"]) == (80, "attended", 70)


def test_the_interval_is_wilsons_for_the_count_and_base(table):
    containers = row(table, "brno-1", "containers", "yes")
    assert (containers["ci_low"], containers["ci_high"]) == pytest.approx(wilson_interval(30, 60))
    assert containers["ci_low"] < containers["share"] < containers["ci_high"]


def test_a_wider_confidence_level_widens_every_interval():
    narrow = aggregate(read_survey(), confidence=0.9)
    wide = aggregate(read_survey(), confidence=0.99)
    shown = narrow["share"].notna()
    assert (wide.loc[shown, "ci_low"] < narrow.loc[shown, "ci_low"]).all()
    assert (wide.loc[shown, "ci_high"] >= narrow.loc[shown, "ci_high"]).all()


def test_approximate_tallies_stay_marked_approximate(table):
    assert bool(row(table, "brno-2", "containers", "yes")["approx"]) is True
    assert bool(row(table, "brno-1", "containers", "yes")["approx"]) is False


def test_small_cells_are_suppressed_and_say_why(table):
    lxc = row(table, "brno-3", "runtimes", "lxc")
    docker = row(table, "brno-3", "runtimes", "docker")  # 66 of 72 answered: 6 did not
    assert (bool(lxc["suppressed"]), lxc["suppression"]) == (True, "small")
    assert (bool(docker["suppressed"]), docker["suppression"]) == (True, "complement")
    for hidden in (lxc, docker):
        assert pd.isna(hidden["count"]) and pd.isna(hidden["share"]) and pd.isna(hidden["ci_low"])
        assert hidden["base"] == 72


def test_published_rows_are_not_marked(table):
    podman = row(table, "brno-3", "runtimes", "podman")
    assert (bool(podman["suppressed"]), podman["suppression"], podman["count"]) == (False, "", 11)


def test_min_cell_zero_publishes_everything():
    table = aggregate(read_survey(), min_cell=0)
    assert not table["suppressed"].any()
    assert table["count"].notna().all()


def test_headcounts_keep_their_count_but_get_no_share_or_interval(table):
    headcount = row(table, "brno-1", "attendance", "count")
    assert (headcount["count"], bool(headcount["suppressed"])) == (60, False)
    assert pd.isna(headcount["share"]) and pd.isna(headcount["ci_low"])


def test_an_empty_base_gives_no_share_and_no_interval():
    frame = pd.DataFrame({"count": pd.array([0], dtype="Int64"), "base": pd.array([0], "Int64")})
    out = add_intervals(add_shares(frame))
    assert pd.isna(out.loc[0, "share"]) and pd.isna(out.loc[0, "ci_low"])


def test_the_same_survey_aggregates_to_the_same_table():
    pd.testing.assert_frame_equal(aggregate(read_survey()), aggregate(read_survey()))


# --- end to end: a survey folder in the real file formats, read by load_survey ---------------

SURVEY = DATA / "survey"


def recount_export(path: Path) -> dict[tuple[str, str], int]:
    """Counts of the form export worked out with the csv module and the option labels."""
    labels = {
        "role": {"Developer": "dev", "Operations": "ops", "Student": "student"},
        "runtimes": {"Docker": "docker", "Podman": "podman", "LXC, LXD": "lxc"},
    }
    columns = {"role": "What is your role?", "runtimes": "Which container runtimes do you use?"}
    found: dict[tuple[str, str], int] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            found[("containers", "yes")] = found.get(("containers", "yes"), 0) + (
                record["Do you use containers?"] == "Yes"
            )
            for question, column in columns.items():
                for label, option in labels[question].items():
                    # No label is part of another, so containment is membership here.
                    if label in record[column]:
                        found[(question, option)] = found.get((question, option), 0) + 1
    return found


def test_a_survey_folder_aggregates_to_the_counts_in_its_files():
    from polls.read.folder import load_survey

    table = aggregate(load_survey(SURVEY), min_cell=0)
    form = table[table["survey"] == "docker-brno-3"]
    got = {(r.question, r.option): r.count for r in form.itertuples()}
    assert got == recount_export(SURVEY / "docker-brno-3.csv")
    tallied = table[table["survey"] == "docker-brno-2"].set_index("question")
    assert (tallied.loc["containers", "count"], tallied.loc["containers", "base"]) == (85, 100)
    assert bool(tallied.loc["containers", "approx"]) is True


def test_a_survey_folder_is_published_with_its_small_cells_hidden():
    from polls.read.folder import load_survey

    table = aggregate(load_survey(SURVEY))
    hidden = table[table["suppressed"]]
    assert {(r.survey, r.question, r.option, r.suppression) for r in hidden.itertuples()} == {
        ("docker-brno-3", "role", "student", "small"),  # 6 of 60
        ("docker-brno-3", "role", "ops", "complementary"),  # else 60 - 33 - 21 gives the 6
        ("docker-brno-3", "runtimes", "lxc", "small"),  # 9 of 58
        ("docker-brno-3", "runtimes", "docker", "complement"),  # 51 of 58: 7 did not
    }
    assert hidden["count"].isna().all() and hidden["share"].isna().all()


def test_the_benchmark_generator_writes_files_that_read_back_to_what_it_generated(tmp_path):
    from polls.read.folder import load_survey

    from tools.bench.poll_engine import ROLES, generate

    generated = generate(tmp_path / "survey", meetups=3, respondents=900, exports=2)
    survey = load_survey(generated.folder)
    assert len(survey.meetups) == 5
    assert survey.meetups["respondents"].sum() == 900
    for number in range(2):
        raw = pd.read_csv(generated.folder / f"bench-form-{number}.csv", keep_default_na=False)
        expected = raw["What is your role?"].value_counts()
        counts = survey.counts[(survey.counts["survey"] == f"bench-form-{number}")
                               & (survey.counts["question"] == "role")]
        got = dict(zip(counts["option"], counts["count"], strict=True))
        assert got == {f"role-{i}": int(expected.get(label, 0)) for i, label in enumerate(ROLES)}


def test_the_benchmark_times_the_trend_fits_of_every_trend_page(tmp_path):
    from tools.bench.poll_engine import generate, time_stages

    # 6 tallies and 1 export of one group: the tallies' 2 yes/no questions have a trend over the 6 shows
    # of hands (the export's "containers" is a form's, left out); its other questions are at one meetup only
    generated = generate(tmp_path / "survey", meetups=6, respondents=300, exports=1)
    figures = time_stages(generated.folder)
    assert figures["trends"] == 2
    assert figures["seconds"]["trends (GLM, every page)"] > 0


def test_a_survey_without_figures_aggregates_to_an_empty_table_with_every_column():
    survey = read_survey()
    empty = SimpleNamespace(meetups=survey.meetups.iloc[:0], counts=survey.counts.iloc[:0],
                            catalog=survey.catalog)
    table = aggregate(empty)
    assert table.empty and list(table.columns) == COLUMNS
