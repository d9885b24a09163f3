"""CSV and JSON downloads of the aggregates, read back the way a user would read them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from polls.publish.downloads import EXPORT_COLUMNS, csv_text, export_csv, export_json, json_text
from polls.stats.aggregate import aggregate_counts

DATA = Path(__file__).resolve().parent.parent / "data" / "polls" / "stats"
REQUIRED = ["survey", "date", "question", "option", "count", "base", "share", "ci_low",
            "ci_high", "approx", "suppressed"]


@pytest.fixture
def table() -> pd.DataFrame:
    meetups = pd.read_csv(DATA / "meetups.csv", parse_dates=["date"], keep_default_na=False)
    counts = pd.read_csv(
        DATA / "counts.csv", dtype={c: "Int64" for c in ("count", "answered", "attended", "base")}
    )
    kinds = dict(pd.read_csv(DATA / "questions.csv").itertuples(index=False))
    return aggregate_counts(counts, meetups, kinds)


def read_csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_has_the_required_columns(table):
    header = next(csv.reader(io.StringIO(csv_text(table))))
    assert header == EXPORT_COLUMNS
    assert set(REQUIRED) <= set(header)


def test_the_csv_has_one_row_per_aggregate(table):
    assert len(read_csv_rows(csv_text(table))) == len(table)


def test_suppressed_rows_carry_no_count_share_or_interval(table):
    rows = read_csv_rows(csv_text(table))
    hidden = [r for r in rows if r["suppressed"] == "true"]
    assert {(r["question"], r["option"]) for r in hidden} == {
        ("role", "manager"), ("role", "student"), ("runtimes", "docker"), ("runtimes", "lxc")
    }
    for row in hidden:
        assert (row["count"], row["share"], row["ci_low"], row["ci_high"]) == ("", "", "", "")
        assert row["base"] == "72" and row["suppression"] != ""


def test_the_csv_gives_only_the_public_suppression_reasons(table):
    # The table keeps the detailed reason; "complement" would say that nearly everyone answered yes.
    detailed = table.set_index(["survey", "question", "option"])["suppression"]
    public = {"small": "small", "complement": "secondary", "complementary": "secondary", "": ""}
    rows = read_csv_rows(csv_text(table))
    assert "complement" in set(detailed)
    assert {r["suppression"] for r in rows} == {"", "small", "secondary"}
    for row in rows:
        assert row["suppression"] == public[detailed[(row["survey"], row["question"], row["option"])]]


def test_the_json_gives_only_the_public_suppression_reasons(table):
    records = json.loads(json_text(table))
    assert {r["suppression"] for r in records if r["suppressed"]} == {"small", "secondary"}
    assert {r["suppression"] for r in records if not r["suppressed"]} == {""}


def test_a_row_marked_suppressed_by_hand_is_still_blanked(table):
    table.loc[0:1, "suppressed"] = True  # counts and shares still present in the table
    rows = read_csv_rows(csv_text(table))
    marked = [r for r in rows if r["suppressed"] == "true"]
    assert len(marked) == 6
    assert all(r["count"] == "" and r["share"] == "" for r in marked)


def test_shares_are_fractions_with_four_decimals(table):
    rows = read_csv_rows(csv_text(table))
    students = next(r for r in rows if r["survey"] == "brno-3" and r["question"] == "students")
    assert students["share"] == "0.1500"  # 12 of 80
    shown = [r for r in rows if r["share"]]
    assert all(0 <= float(r["share"]) <= 1 and len(r["share"].split(".")[1]) == 4 for r in shown)


def test_pandas_reads_the_csv_back_with_the_same_figures(table):
    back = pd.read_csv(io.StringIO(csv_text(table)), parse_dates=["date"])
    shown = table[~table["suppressed"]].sort_values(["date", "survey", "question", "option"])
    back_shown = back[~back["suppressed"]]
    assert back_shown["count"].astype(int).tolist() == shown["count"].astype(int).tolist()
    assert back_shown["share"].tolist() == pytest.approx(
        shown["share"].astype(float).fillna(float("nan")).tolist(), abs=5e-5, nan_ok=True
    )
    assert back["count"][back["suppressed"]].isna().all()
    assert back["date"].dt.strftime("%Y-%m-%d").iloc[0] == "2015-06-10"


def test_rows_are_sorted_whatever_order_they_come_in(table):
    shuffled = table.sample(frac=1, random_state=7)
    assert csv_text(shuffled) == csv_text(table)
    rows = read_csv_rows(csv_text(table))
    keys = [(r["date"], r["survey"], r["question"], r["option"]) for r in rows]
    assert keys == sorted(keys)


def test_dates_are_iso_and_lines_end_in_a_bare_newline(table):
    text = csv_text(table)
    assert "\r" not in text and text.endswith("\n")
    assert {r["date"] for r in read_csv_rows(text)} == {"2015-06-10", "2015-10-15", "2016-02-18"}


def test_export_csv_writes_the_same_bytes_to_a_file_and_a_stream(table, tmp_path):
    path = tmp_path / "polls.csv"
    export_csv(table, path)
    stream = io.StringIO()
    export_csv(table, stream)
    assert path.read_bytes() == stream.getvalue().encode("utf-8")


def test_the_json_holds_the_same_rows_as_the_csv(table):
    records = json.loads(json_text(table))
    rows = read_csv_rows(csv_text(table))
    assert len(records) == len(rows)
    for record, row in zip(records, rows, strict=True):
        assert list(record) == EXPORT_COLUMNS
        assert record["survey"] == row["survey"] and record["date"] == row["date"]
        assert record["count"] == (int(row["count"]) if row["count"] else None)
        assert record["share"] == (pytest.approx(float(row["share"])) if row["share"] else None)
        assert record["suppressed"] is (row["suppressed"] == "true")


def test_export_json_is_stable_across_runs(table, tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    export_json(table, first)
    export_json(table.sample(frac=1, random_state=3), second)
    assert first.read_bytes() == second.read_bytes()


FORMULA_TITLES = ["=HYPERLINK(\"http://x.example\")", "+1+1", "-2+3", "@SUM(A1)", "\tTabbed"]


@pytest.mark.parametrize("title", FORMULA_TITLES)
def test_a_text_cell_a_spreadsheet_would_run_as_a_formula_starts_with_a_quote(table, title):
    table["title"] = title
    table["group"] = title
    rows = read_csv_rows(csv_text(table))
    assert {r["title"] for r in rows} == {"'" + title}
    assert {r["group"] for r in rows} == {"'" + title}


def test_a_carriage_return_cannot_start_a_formula_or_end_the_row(table):
    table["title"] = "\rReturned"
    rows = list(csv.DictReader(io.StringIO(csv_text(table), newline="")))
    assert len(rows) == len(table)
    assert {r["title"] for r in rows} == {"'\nReturned"}


def test_ordinary_text_cells_are_written_as_they_are(table):
    rows = read_csv_rows(csv_text(table))
    assert {r["title"] for r in rows} == set(table["title"])
    assert not any(r["survey"].startswith("'") for r in rows)


def test_the_json_keeps_a_formula_like_title_as_written(table):
    table["title"] = FORMULA_TITLES[0]
    assert {r["title"] for r in json.loads(json_text(table))} == {FORMULA_TITLES[0]}


def test_a_table_without_the_contract_columns_is_refused(table):
    with pytest.raises(ValueError, match="share"):
        csv_text(table.drop(columns=["share"]))


# --- invoke survey-export ----------------------------------------------------------------


def run_survey_export(**options) -> None:
    from invoke import Context

    import tasks

    tasks.survey_export(Context(), **options)


@pytest.fixture
def site_min_cell(tmp_path, monkeypatch):
    """Point the tasks at a settings file with the given POLLS_MIN_CELL (independent of pelicanconf.py)."""
    import tasks

    def use(min_cell: int) -> None:
        settings = tmp_path / "siteconf.py"
        settings.write_text(f'TIMEZONE = "Europe/Prague"\nSITEURL = ""\nFEED_ALL_ATOM = None\n'
                            f"POLLS_MIN_CELL = {min_cell}\n", encoding="utf-8")
        monkeypatch.setattr(tasks, "SETTINGS", settings)

    return use


def test_survey_export_writes_the_published_table_of_a_folder(tmp_path):
    out = tmp_path / "polls.csv"
    run_survey_export(path=str(DATA / "survey"), out=str(out))
    rows = read_csv_rows(out.read_text(encoding="utf-8"))
    assert {r["survey"] for r in rows} == {"docker-brno-1", "docker-brno-2", "docker-brno-3"}
    lxc = next(r for r in rows if (r["question"], r["option"]) == ("runtimes", "lxc"))
    assert (lxc["suppressed"], lxc["count"], lxc["base"]) == ("true", "", "58")


def test_survey_export_writes_json_when_asked_for_a_json_file(tmp_path, site_min_cell):
    site_min_cell(0)  # a site that publishes every cell, so the counts can be checked
    out = tmp_path / "polls.json"
    run_survey_export(path=str(DATA / "survey"), out=str(out), min_cell="0")
    records = json.loads(out.read_text(encoding="utf-8"))
    assert not any(r["suppressed"] for r in records)
    assert {r["count"] for r in records if r["option"] == "lxc"} == {9}


def test_survey_export_hides_the_cells_the_sites_POLLS_MIN_CELL_hides(tmp_path, site_min_cell):
    from polls.read.folder import load_survey
    from polls.stats.aggregate import aggregate

    site_min_cell(20)
    out = tmp_path / "polls.csv"
    run_survey_export(path=str(DATA / "survey"), out=str(out))
    rows = read_csv_rows(out.read_text(encoding="utf-8"))
    counts = aggregate(load_survey(DATA / "survey"), min_cell=0)
    between = counts[(counts["count"] >= 10) & (counts["count"] < 20) & (counts["kind"] != "attendance")]
    assert not between.empty  # published at the default 10
    small = {(r["survey"], r["question"], r["option"]) for r in rows if r["suppression"] == "small"}
    assert set(zip(between["survey"], between["question"], between["option"], strict=True)) <= small


def test_survey_export_refuses_a_min_cell_below_the_sites(tmp_path, site_min_cell, capsys):
    from invoke.exceptions import Exit

    site_min_cell(20)
    out = tmp_path / "polls.csv"
    with pytest.raises(Exit) as stopped:
        run_survey_export(path=str(DATA / "survey"), out=str(out), min_cell="10")
    assert stopped.value.code == 1
    assert capsys.readouterr().err.splitlines() == [
        "--min-cell: 10 is below the site's POLLS_MIN_CELL (20): that would publish figures the site hides"
    ]
    assert not out.exists()


def test_survey_export_reports_each_problem_on_a_line_and_exits_non_zero(tmp_path, capsys):
    from invoke.exceptions import Exit

    out = tmp_path / "polls.csv"
    with pytest.raises(Exit) as stopped:
        run_survey_export(path=str(DATA / "bad-survey"), out=str(out))
    assert stopped.value.code == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert [line.split(": ", 1)[0].rsplit("/", 1)[-1] for line in lines] == [
        "docker-brno-2.yaml:4:13", "docker-brno-2.yaml:5:15"
    ]
    assert not out.exists()


def test_survey_export_reads_the_folder_the_sites_POLLS_PATH_names(tmp_path, monkeypatch):
    import tasks

    monkeypatch.setattr(tasks, "SETTINGS", DATA.parent / "polls-path-site" / "siteconf.py")
    out = tmp_path / "polls.csv"
    run_survey_export(out=str(out))
    rows = read_csv_rows(out.read_text(encoding="utf-8"))
    assert {r["survey"] for r in rows} == {"spring"}
    visiting = next(r for r in rows if (r["question"], r["option"]) == ("visiting", "yes"))
    assert (visiting["base"], visiting["base_kind"]) == ("31", "attended")
