"""The sponsor report reads no file from outside content/: a logo named `../../x.png` is refused, not embedded."""

from __future__ import annotations

import shutil
import sys

import pytest
from invoke import Context
from invoke.exceptions import Exit
from report_helpers import ROOT

sys.path.insert(0, str(ROOT))
import tasks  # noqa: E402

DATA = ROOT / "tests" / "data" / "report"


def test_a_logo_leading_out_of_content_is_a_positioned_problem_and_nothing_is_written(tmp_path, capsys):
    content = tmp_path / "project" / "content"
    shutil.copytree(DATA / "logo-outside" / "content", content)
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n not for the sponsors")
    with pytest.raises(Exit) as raised:
        tasks.survey_report(Context(), out=str(tmp_path / "report"), siteurl="", content=str(content),
                            survey=str(DATA / "privacy" / "survey"))
    assert raised.value.code == 1
    assert capsys.readouterr().err.splitlines() == [
        f"content/sponsors/acme.md:4:7: ../../secret.png points outside content/ (to {secret})"]
    assert not (tmp_path / "report").exists()
