"""Relative addresses between output paths are what posixpath.relpath gives (the oracle)."""

from __future__ import annotations

import posixpath

import pytest
from meetup.addresses import address, relative

CASES = [
    ("events/a/index.html", "events/a"),
    ("events/a/index.html", "events/b"),
    ("talks/x/index.html", "groups/g/events/e"),
    ("index.html", "events/a"),
    ("events/a/index.html", ""),
    ("events/a/index.html", "."),
    ("events", "events/a"),
    ("events/a", "events/a"),
    ("events/", "events/a/"),
    ("./events/a/slides.pdf", "events/a"),
    ("caf\u00e9 talks/a b.html", "caf\u00e9 talks"),
    ("../outside.html", "events/a"),
    ("events/a/index.html", "events/../talks"),
]


@pytest.mark.parametrize(("target", "folder"), CASES)
def test_a_relative_address_is_posixpaths(target, folder):
    assert relative(target, folder) == posixpath.relpath(target, folder or ".")


def test_an_address_from_a_file_is_relative_to_its_folder_without_an_absolute_siteurl():
    assert address("", "events/a/schedule.json", "talks/x/index.html") == "../../talks/x/index.html"
    assert address("https://example.org", "events/a/schedule.json", "talks/x/index.html") == (
        "https://example.org/talks/x/index.html")
