"""Dates read the same way on every page: the polls overview writes a meetup's date as its event page does."""

from __future__ import annotations

POLLS = "polls/index.html"
EVENT = "events/docker-brno-2/index.html"


def test_the_polls_overview_writes_a_meetups_date_as_its_event_page_does(sample_pages):
    overview, event = sample_pages[POLLS], sample_pages[EVENT]
    [row] = [tr for tr in overview.select("table.poll-meetups tbody tr") if tr.th.a and
             tr.th.a["href"].endswith(EVENT)]
    listed = row.find("time")
    shown = event.select_one("main time")
    assert (listed["datetime"], listed.get_text()) == ("2015-10-15", "15 October 2015")
    assert shown.get_text().startswith(listed.get_text())
