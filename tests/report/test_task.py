"""`invoke survey-report` refuses bad requests: a message, exit code 1, and nothing written."""

from __future__ import annotations

import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from invoke import Context
from invoke.exceptions import Exit
from polls.report import ReportError, parse_options, selection
from report_expected import PRIVACY as EXPECTED
from report_helpers import ROOT

sys.path.insert(0, str(ROOT))
import tasks  # noqa: E402

PRIVACY = ROOT / "tests" / "data" / "report" / "privacy"


def run_task(capsys, out, **options):
    options.setdefault("content", str(PRIVACY / "content"))
    options.setdefault("survey", str(PRIVACY / "survey"))
    with pytest.raises(Exit) as raised:
        tasks.survey_report(Context(), out=str(out), siteurl="", **options)
    return raised.value.code, capsys.readouterr().err


def nothing_written(parent) -> bool:
    return not any(parent.iterdir())


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"since": "2030-01-01"}, "no meetup held from 2030-01-01"),
        ({"sponsor": "Nobody Inc"}, "--sponsor: no sponsor 'Nobody Inc' (sponsors: acme (Acme Hosting))"),
        ({"group": "elsewhere"}, "--group: no group 'elsewhere'"),
        ({"since": "2020-03-06", "until": "2020-03-31"}, "no meetup held from 2020-03-06 until 2020-03-31"),
        ({"formats": "html,docx"}, "--formats: unknown format 'docx'"),
        ({"since": "5 March"}, "--since: expected an ISO date"),
        ({"last": "0"}, "--last: expected a whole number, 1 or more"),
        ({"paper": "a5"}, "--paper: unknown paper size 'a5'; choose from a4, letter"),
    ],
)
def test_bad_requests_exit_1_with_a_message_and_write_nothing(tmp_path, capsys, options, message):
    code, err = run_task(capsys, tmp_path / "report", **options)
    assert code == 1
    assert message in err
    assert nothing_written(tmp_path)


def test_a_key_error_inside_the_report_is_a_bug_that_surfaces_not_a_bad_option(tmp_path, monkeypatch):
    def broken(*_args):
        raise KeyError("acme")  # a bug, where an unknown sponsor would be a ReportError

    monkeypatch.setattr(selection, "find_sponsor", broken)

    with pytest.raises(KeyError, match="acme"):
        tasks.survey_report(Context(), out=str(tmp_path / "report"), content=str(PRIVACY / "content"),
                            survey=str(PRIVACY / "survey"), siteurl="", sponsor="acme")
    assert nothing_written(tmp_path)


def site_settings(tmp_path, monkeypatch, min_cell: int) -> None:
    """Point the tasks at a settings file whose POLLS_MIN_CELL is ``min_cell``."""
    settings = tmp_path / "siteconf.py"
    settings.write_text(f'TIMEZONE = "Europe/Prague"\nSITEURL = ""\nFEED_ALL_ATOM = None\n'
                        f"POLLS_MIN_CELL = {min_cell}\n", encoding="utf-8")
    monkeypatch.setattr(tasks, "SETTINGS", settings)


def test_the_report_hides_what_the_sites_POLLS_MIN_CELL_hides(tmp_path, monkeypatch):
    # Two figures of this site are shown at the default 10; with the site's POLLS_MIN_CELL of 20 the report
    # must hide exactly what the engine hides at 20.
    site_settings(tmp_path, monkeypatch, 20)
    tasks.survey_report(Context(), out=str(tmp_path / "report"), content=str(PRIVACY / "content"),
                        survey=str(PRIVACY / "survey"), siteurl="", formats="html")
    soup = BeautifulSoup((tmp_path / "report" / "sponsor-report.html").read_text(encoding="utf-8"), "html.parser")
    shown = {(tr["data-question"], tr["data-option"]): tr.find("td", class_="share") is not None
             for tr in soup.select("table.figures tr[data-question]")}
    at_site, at_default = EXPECTED[20], EXPECTED[10]
    assert shown == {key: not figure["hidden"] for key, figure in at_site.items()}
    assert shown != {key: not figure["hidden"] for key, figure in at_default.items()}


def test_a_min_cell_below_the_sites_is_refused(tmp_path, monkeypatch, capsys):
    site_settings(tmp_path, monkeypatch, 20)
    out_parent = tmp_path / "out"
    out_parent.mkdir()
    code, err = run_task(capsys, out_parent / "report", min_cell="10")
    assert code == 1
    assert err.splitlines()[0] == "--min-cell: 10 is below the site's POLLS_MIN_CELL (20): " \
        "that would publish figures the site hides"
    assert nothing_written(out_parent)


def test_no_poll_data_for_the_period_writes_nothing(tmp_path, capsys):
    content = PRIVACY / "content"
    survey = tmp_path / "survey"
    survey.mkdir()
    (survey / "questions.yaml").write_bytes((PRIVACY / "survey" / "questions.yaml").read_bytes())
    out_parent = tmp_path / "out"
    out_parent.mkdir()
    code, err = run_task(capsys, out_parent / "report", content=str(content), survey=str(survey))
    assert code == 1 and "no poll data for the 2 meetups selected" in err
    assert nothing_written(out_parent)


def test_a_folder_holding_other_files_is_not_replaced(tmp_path, capsys):
    (tmp_path / "report").mkdir()
    (tmp_path / "report" / "notes.txt").write_text("mine", encoding="utf-8")
    code, err = run_task(capsys, tmp_path / "report", formats="md")
    assert code == 1 and "holds other files (notes.txt)" in err
    assert [p.name for p in (tmp_path / "report").iterdir()] == ["notes.txt"]


def test_options_report_every_problem_at_once():
    with pytest.raises(ReportError) as raised:
        parse_options("", since="2020-13-01", last="x", formats="tex", siteurl="example.org")
    assert [p.file for p in raised.value.problems] == ["--out", "--since", "--last", "--formats", "--siteurl"]


def test_the_command_line_exits_1_and_writes_nothing(tmp_path):
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "invoke"), "survey-report", "--out", str(tmp_path / "r"),
         "--content", str(PRIVACY / "content"), "--survey", str(PRIVACY / "survey"), "--sponsor", "nobody",
         "--siteurl", ""],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 1
    assert "--sponsor: no sponsor 'nobody'" in result.stderr
    assert nothing_written(tmp_path)


def test_the_command_line_writes_the_three_files(tmp_path):
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "invoke"), "survey-report", "--out", str(tmp_path / "r"),
         "--content", str(PRIVACY / "content"), "--survey", str(PRIVACY / "survey"), "--siteurl", ""],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == [
        "sponsor-report.html", "sponsor-report.md", "sponsor-report.pdf"]
