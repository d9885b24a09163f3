"""polls/aggregates.csv and .json: the engine's export of the site's polls, suppression applied."""

from __future__ import annotations

import csv
import io
import json

from polls.publish.downloads import EXPORT_COLUMNS, export_csv, export_json

HIDDEN = ("count", "share", "ci_low", "ci_high")


def _csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def _download(cold_build, name: str) -> str:
    return (cold_build.output / "polls" / name).read_text(encoding="utf-8")


def test_the_csv_download_is_the_engines_csv_export(cold_build, engine):
    expected = io.StringIO()
    export_csv(engine.aggregates, expected)

    rows = _csv_rows(_download(cold_build, "aggregates.csv"))

    assert list(rows[0]) == EXPORT_COLUMNS
    assert rows == _csv_rows(expected.getvalue())
    assert len(rows) == len(engine.aggregates)


def test_the_json_download_is_the_engines_json_export(cold_build, engine):
    expected = io.StringIO()
    export_json(engine.aggregates, expected)

    assert json.loads(_download(cold_build, "aggregates.json")) == json.loads(expected.getvalue())


def test_suppressed_rows_carry_no_count_share_or_interval_in_the_csv(cold_build):
    rows = _csv_rows(_download(cold_build, "aggregates.csv"))
    suppressed = [row for row in rows if row["suppressed"] == "true"]

    assert suppressed, "the sample polls are expected to have suppressed cells"
    assert {column: {row[column] for row in suppressed} for column in HIDDEN} == {c: {""} for c in HIDDEN}
    assert all(row["base"] for row in suppressed)


def test_suppressed_rows_carry_no_count_share_or_interval_in_the_json(cold_build):
    rows = json.loads(_download(cold_build, "aggregates.json"))
    suppressed = [row for row in rows if row["suppressed"]]

    assert suppressed
    assert {column: {row[column] for row in suppressed} for column in HIDDEN} == {c: {None} for c in HIDDEN}


def test_the_downloads_name_only_the_public_suppression_reasons(cold_build, engine):
    # The engine keeps "complement" for analysis; a download says only "small" or "secondary".
    rows = _csv_rows(_download(cold_build, "aggregates.csv"))
    hidden = engine.aggregates[engine.aggregates["suppressed"]]

    assert "complement" in set(hidden["suppression"])
    assert {row["suppression"] for row in rows if row["suppressed"] == "true"} == {"small", "secondary"}


def test_the_downloads_agree_with_each_other(cold_build):
    from_csv = _csv_rows(_download(cold_build, "aggregates.csv"))
    from_json = json.loads(_download(cold_build, "aggregates.json"))

    assert [(r["survey"], r["question"], r["option"]) for r in from_csv] == [
        (r["survey"], r["question"], r["option"]) for r in from_json]
    assert [r["count"] or None for r in from_csv] == [
        None if r["count"] is None else str(r["count"]) for r in from_json]
