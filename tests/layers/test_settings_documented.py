"""Every setting a plugin or the network tasks declare is in README's settings table (the network ones also in
docs/network-tasks.md's), and the tables name none that does not exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from netdata.settings import SETTINGS as NETWORK_SETTINGS
from pelican.settings import DEFAULT_CONFIG
from recap_build.settings import declared

ROOT = Path(__file__).resolve().parents[2]


def table_names(doc: str, heading: str) -> list[str]:
    """The backticked names in the first column of the table under ``heading`` in ``doc``."""
    text = (ROOT / doc).read_text(encoding="utf-8")
    section = text.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_*]*)`", row.split("|")[1])]


def readme_names() -> list[str]:
    """README's "Settings" table."""
    return table_names("README.md", "## Settings")


def network_doc_names() -> list[str]:
    """The settings table of docs/network-tasks.md."""
    return table_names("docs/network-tasks.md", "## Settings")


def covered(name: str, documented: list[str]) -> bool:
    return any(name == d or (d.endswith("*") and name.startswith(d[:-1])) for d in documented)


def known() -> set[str]:
    return {s.name for s in declared() + NETWORK_SETTINGS}


def test_the_readme_table_is_found():
    assert len(readme_names()) > 30


@pytest.mark.parametrize("name", sorted(s.name for s in declared()))
def test_every_declared_setting_is_in_the_readme(name):
    assert covered(name, readme_names())


def test_the_network_settings_table_is_found():
    assert len(network_doc_names()) > 15


@pytest.mark.parametrize("name", sorted(s.name for s in NETWORK_SETTINGS))
def test_every_network_setting_is_in_the_readme(name):
    assert covered(name, readme_names())


@pytest.mark.parametrize("name", sorted(s.name for s in NETWORK_SETTINGS))
def test_every_network_setting_is_in_the_network_tasks_table(name):
    assert name in network_doc_names()


def test_the_network_tasks_table_names_no_setting_that_does_not_exist():
    assert [d for d in network_doc_names() if d not in {s.name for s in NETWORK_SETTINGS}] == []


def test_the_readme_names_no_setting_that_does_not_exist():
    # Pelican's own settings (CACHE_PATH) may be listed where Recap reads them
    names = known() | set(DEFAULT_CONFIG)
    unknown = [d for d in readme_names() if not any(covered(n, [d]) for n in names)]
    assert unknown == []


def test_every_declared_setting_has_a_one_line_doc():
    assert [s.name for s in declared() + NETWORK_SETTINGS if not s.doc or "\n" in s.doc] == []
