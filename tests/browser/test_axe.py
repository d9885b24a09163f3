"""axe-core finds nothing on any page type of the built site, in light and in dark mode.

axe-playwright-python bundles axe-core (no download). The rules run are every
WCAG 2.0, 2.1 and 2.2 rule at levels A and AA, plus axe's best practices; a
violation is reported with its rule, its help text and the elements it found.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "home": "index.html",
    "events index": "events/index.html",
    "event": "events/docker-brno-2/index.html",
    "example event": "events/demo-city-14/index.html",
    "talks index": "talks/index.html",
    "tag": "talks/tags/ceph/index.html",
    "talk with a deck": "talks/ceph-and-docker/index.html",
    "talk with a PDF": "talks/demo-docker-101/index.html",
    "talk with a recording": "talks/demo-recorded-talk/index.html",
    "deck": "talks/ceph-and-docker/deck/index.html",
    "speakers index": "speakers/index.html",
    "speaker": "speakers/vaclav-pavlin/index.html",
    "sponsors": "sponsors/index.html",
    "group": "groups/docker-brno/index.html",
    "page": "about/index.html",
    "polls overview": "polls/index.html",
    "poll trend": "polls/demo-city-cloud-native/experimenting/index.html",
}
RULES = {"runOnly": {"type": "tag", "values": [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]}}


def violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={**RULES, "resultTypes": ["violations"]})
    return [
        f"{v['id']}: {v['help']}: " + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in result.response["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violations(visit, built_site, name, scheme):
    assert (built_site / PAGES[name]).is_file(), PAGES[name]
    loaded = visit(PAGES[name], color_scheme=scheme, settle=True)
    assert violations(loaded.page) == []


def test_the_check_reports_a_violation_when_there_is_one(visit):
    """An image without alt text and a tiny link added to a real page: axe must name both."""
    loaded = visit(PAGES["home"])
    loaded.page.evaluate("""() => {
        const main = document.querySelector("main");
        main.insertAdjacentHTML("beforeend",
          '<img src="theme/images/favicon.svg">' +
          '<p><a href="#a" style="display:inline-block;width:8px;height:8px;font-size:4px">x</a>' +
          '<a href="#b" style="display:inline-block;width:8px;height:8px;font-size:4px">y</a></p>');
    }""")
    found = {line.split(":", 1)[0] for line in violations(loaded.page)}
    assert {"image-alt", "target-size"} <= found, found
