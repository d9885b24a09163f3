"""Poll figures of the fictional demo group are marked as example data in the downloads and in
the polled-meetups table of the polls overview."""

from __future__ import annotations

import csv
import io
import json

from bs4 import BeautifulSoup


def _csv_rows(cold_build) -> list[dict]:
    text = (cold_build.output / "polls" / "aggregates.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_every_csv_row_says_whether_it_is_example_data(cold_build):
    marks = {(row["survey"].startswith("demo-city-"), row["demo"]) for row in _csv_rows(cold_build)}
    assert marks == {(True, "true"), (False, "false")}


def test_every_json_row_says_whether_it_is_example_data(cold_build):
    rows = json.loads((cold_build.output / "polls" / "aggregates.json").read_text(encoding="utf-8"))
    marks = {(row["survey"].startswith("demo-city-"), row["demo"]) for row in rows}
    assert marks == {(True, True), (False, False)}


def test_the_polled_meetups_table_marks_each_demo_row(cold_build):
    soup = BeautifulSoup((cold_build.output / "polls" / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = soup.select("table.poll-meetups tbody tr")
    marked = {row.th.a.get_text(strip=True) if row.th.a else row.th.contents[0].strip():
              [badge.get_text(strip=True) for badge in row.th.select(".badge")] for row in rows}
    assert marked
    demo = {title: badges for title, badges in marked.items() if title.startswith("Demo City")}
    real = {title: badges for title, badges in marked.items() if not title.startswith("Demo City")}
    assert demo and set(map(tuple, demo.values())) == {("example data",)}
    assert real and set(map(tuple, real.values())) == {()}
