"""Every setting a plugin declares is in README's settings table, and the table names none that does not exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from netdata.settings import DEFAULTS as NETWORK_SETTINGS
from pelican.settings import DEFAULT_CONFIG
from recap_build.settings import declared

ROOT = Path(__file__).resolve().parents[2]


def readme_names() -> list[str]:
    """The backticked names in the first column of README's "Settings" table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_*]*)`", row.split("|")[1])]


def covered(name: str, documented: list[str]) -> bool:
    return any(name == d or (d.endswith("*") and name.startswith(d[:-1])) for d in documented)


def known() -> set[str]:
    return {s.name for s in declared()} | set(NETWORK_SETTINGS)


def test_the_readme_table_is_found():
    assert len(readme_names()) > 30


@pytest.mark.parametrize("name", sorted(s.name for s in declared()))
def test_every_declared_setting_is_in_the_readme(name):
    assert covered(name, readme_names())


def test_every_network_setting_is_in_the_readme():
    assert [name for name in sorted(NETWORK_SETTINGS) if not covered(name, readme_names())] == []


def test_the_readme_names_no_setting_that_does_not_exist():
    # Pelican's own settings (CACHE_PATH) may be listed where Recap reads them
    names = known() | set(DEFAULT_CONFIG)
    unknown = [d for d in readme_names() if not any(covered(n, [d]) for n in names)]
    assert unknown == []


def test_every_declared_setting_has_a_one_line_doc():
    assert [s.name for s in declared() if not s.doc or "\n" in s.doc] == []
