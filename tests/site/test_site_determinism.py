"""The same content builds to the same bytes, so deploys and calendar subscriptions see no churn."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest
from builtsite import build_sample


@pytest.fixture(scope="module")
def rebuilt_sample(tmp_path_factory: pytest.TempPathFactory, sample_site: Path, sample_cache: Path) -> Path:
    """A second build of content/: the first rendered charts and slides into an empty cache, this one reads them."""
    return build_sample(tmp_path_factory.mktemp("again") / "output", sample_cache)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_content_are_byte_identical(sample_site, rebuilt_sample):
    first, second = files(sample_site), files(rebuilt_sample)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_two_builds_give_the_same_calendar_uids(sample_site, rebuilt_sample):

    def uids(output: Path) -> dict[str, list[str]]:
        return {p.relative_to(output).as_posix(): [str(v["UID"]) for v in
                                                   icalendar.Calendar.from_ical(p.read_bytes()).walk("VEVENT")]
                for p in sorted(output.rglob("*.ics"))}

    first = uids(sample_site)
    assert first["events/calendar.ics"] and first["speakers/vaclav-pavlin/talks.ics"]
    assert first == uids(rebuilt_sample)
