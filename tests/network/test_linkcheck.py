"""`linkcheck`: external links of the built site, each broken one shown where it appears."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from invoke import Context
from invoke.exceptions import Exit
from netdata.http import HttpPolicy
from netdata.linkcheck import HostThrottle, LinkChecker, linkcheck, page_links, site_links
from pytest_httpserver import HTTPServer

import tasks


def write_site(folder: Path, server: HTTPServer) -> Path:
    """A two-page built site linking to the local server (and to things that are not checked)."""
    url = server.url_for
    pages = {
        "index.html": f"""<!DOCTYPE html>
<html><head><link rel="stylesheet" href="theme/site.css"></head>
<body>
<a href="{url("/ok")}">fine</a>
<a href="{url("/gone")}#section">gone</a>
<a href="mailto:orga@example.org">mail</a>
<a href="events/index.html">events</a>
<img src="{url("/no-head.png")}" alt="">
</body></html>
""",
        "events/index.html": f"""<!DOCTYPE html>
<html><body>
<p>See <a href="{url("/gone")}">the old page</a>
and <a href="{url("/broken")}">the server</a>.</p>
</body></html>
""",
    }
    for name, html in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(html, encoding="utf-8")
    return folder


@pytest.fixture
def site(tmp_path: Path, httpserver: HTTPServer) -> Path:
    httpserver.expect_request("/ok").respond_with_data("")
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    httpserver.expect_request("/no-head.png", method="HEAD").respond_with_data("", status=405)
    httpserver.expect_request("/no-head.png", method="GET").respond_with_data("png")
    httpserver.expect_request("/broken").respond_with_data("", status=500)
    return write_site(tmp_path / "output", httpserver)


def checker(policy: HttpPolicy, clock=None) -> LinkChecker:
    throttle = HostThrottle(0)
    return LinkChecker(policy, throttle) if clock is None else LinkChecker(policy, throttle, clock=clock)


def test_only_absolute_web_links_are_collected(site: Path, httpserver: HTTPServer):
    links = site_links(site)

    expected = set()
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["a", "img", "link"]):
            value = tag.get("href") or tag.get("src")
            if value.startswith("http://"):
                expected.add(value.split("#")[0])
    assert set(links) == expected
    assert len(expected) == 4


def test_each_occurrence_has_its_page_line_and_column(site: Path, httpserver: HTTPServer):
    occurrences = site_links(site)[httpserver.url_for("/gone")]

    text = (site / "events" / "index.html").read_text(encoding="utf-8").splitlines()
    line = next(i for i, row in enumerate(text, start=1) if "/gone" in row)
    assert [(o.page, o.line, o.column) for o in occurrences] == [
        ("events/index.html", line, text[line - 1].index("<a") + 1),
        ("index.html", 5, 1),
    ]


def test_broken_links_are_reported_with_the_pages_that_carry_them(
    site: Path, tmp_path: Path, policy: HttpPolicy, httpserver: HTTPServer
):
    report = linkcheck(site, tmp_path / "cache.json", policy, checker=checker(policy))

    assert {s.url: s.detail for s in report.broken} == {
        httpserver.url_for("/gone"): "HTTP 404 NOT FOUND",
        httpserver.url_for("/broken"): "HTTP 500 INTERNAL SERVER ERROR",
    }
    pages = sorted((p.file, p.message.split()[2]) for p in report.problems("output"))
    assert pages == [
        ("output/events/index.html", httpserver.url_for("/broken")),
        ("output/events/index.html", httpserver.url_for("/gone")),
        ("output/index.html", httpserver.url_for("/gone")),
    ]


def test_a_server_that_refuses_head_is_asked_with_get(
    site: Path, tmp_path: Path, policy: HttpPolicy, httpserver: HTTPServer
):
    report = linkcheck(site, tmp_path / "cache.json", policy, checker=checker(policy))

    status = report.statuses[httpserver.url_for("/no-head.png")]
    assert (status.ok, status.detail) == (True, "HTTP 200")
    methods = [r.method for r, _ in httpserver.log if r.path == "/no-head.png"]
    assert methods == ["HEAD", "GET"]


def test_good_results_come_from_the_cache_until_they_expire(
    site: Path, tmp_path: Path, policy: HttpPolicy, httpserver: HTTPServer
):
    cache = tmp_path / "cache.json"
    start = 1_800_000_000.0
    linkcheck(site, cache, policy, checker=checker(policy, clock=lambda: start))
    httpserver.clear_log()

    an_hour_later = linkcheck(site, cache, policy, checker=checker(policy, clock=lambda: start + 3600))
    asked_again = sorted({r.path for r, _ in httpserver.log})
    httpserver.clear_log()
    next_week = linkcheck(
        site, cache, policy, checker=checker(policy, clock=lambda: start + 7 * 86400), max_age_hours=24
    )

    # broken links are always checked again; good ones only once the cache has expired
    assert asked_again == ["/broken", "/gone"]
    assert sum(s.cached for s in an_hour_later.statuses.values()) == 2
    assert sum(s.cached for s in next_week.statuses.values()) == 0


def test_the_cache_keeps_good_results_only(site: Path, tmp_path: Path, policy: HttpPolicy, httpserver: HTTPServer):
    cache = tmp_path / "cache.json"

    linkcheck(site, cache, policy, checker=checker(policy, clock=lambda: 1_800_000_000.0))

    saved = json.loads(cache.read_text(encoding="utf-8"))
    assert sorted(saved["links"]) == [httpserver.url_for("/no-head.png"), httpserver.url_for("/ok")]
    assert {entry["checked"] for entry in saved["links"].values()} == {1_800_000_000.0}


def test_an_unreachable_host_is_broken(tmp_path: Path, policy: HttpPolicy):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "index.html").write_text('<a href="http://127.0.0.1:9/">x</a>', encoding="utf-8")

    report = linkcheck(tmp_path / "out", tmp_path / "cache.json", policy, checker=checker(policy))

    [status] = report.broken
    assert status.detail.startswith("cannot connect")


def test_a_redirect_to_a_non_http_scheme_is_broken(tmp_path: Path, policy: HttpPolicy, httpserver: HTTPServer):
    httpserver.expect_request("/moved").respond_with_data("", status=302, headers={"Location": "ftp://127.0.0.1/x"})
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "index.html").write_text(f'<a href="{httpserver.url_for("/moved")}">x</a>', encoding="utf-8")

    report = linkcheck(tmp_path / "out", tmp_path / "cache.json", policy, checker=checker(policy))

    assert [s.detail for s in report.broken] == ["redirected to a non-HTTP URL (ftp:)"]


def one_link_site(folder: Path, url: str) -> Path:
    (folder / "out").mkdir()
    (folder / "out" / "index.html").write_text(f'<a href="{url}">x</a>', encoding="utf-8")
    return folder / "out"


def test_a_redirect_to_a_loopback_address_is_broken_and_not_followed(
    tmp_path: Path, policy: HttpPolicy, httpserver: HTTPServer
):
    default = dataclasses.replace(policy, allow_networks=())
    target = f"http://127.0.0.1:{httpserver.port}/internal"
    httpserver.expect_request("/moved").respond_with_data("", status=302, headers={"Location": target})
    httpserver.expect_request("/internal").respond_with_data("")
    site = one_link_site(tmp_path, httpserver.url_for("/moved"))

    report = linkcheck(site, tmp_path / "cache.json", default, checker=checker(default))

    assert [s.detail for s in report.broken] == [f"redirected to a private or loopback address (127.0.0.1): {target}"]
    assert {r.path for r, _ in httpserver.log} == {"/moved"}


def test_a_redirect_to_another_port_is_broken_and_not_followed(
    tmp_path: Path, policy: HttpPolicy, httpserver: HTTPServer
):
    target = f"http://127.0.0.1:{httpserver.port + 1}/admin"
    httpserver.expect_request("/moved").respond_with_data("", status=302, headers={"Location": target})
    site = one_link_site(tmp_path, httpserver.url_for("/moved"))

    report = linkcheck(site, tmp_path / "cache.json", policy, checker=checker(policy))

    assert [s.detail for s in report.broken] == [f"redirected to another port ({httpserver.port + 1}): {target}"]


def test_ignored_prefixes_are_not_checked(site: Path, httpserver: HTTPServer):
    links = site_links(site, ignore=[httpserver.url_for("/go")])

    assert httpserver.url_for("/gone") not in links
    assert httpserver.url_for("/ok") in links


def test_the_throttle_spaces_requests_to_one_host_and_not_across_hosts():
    now = [100.0]
    slept: list[float] = []
    throttle = HostThrottle(1.5, clock=lambda: now[0], sleep=slept.append)

    for url in ["http://a.test/1", "http://a.test/2", "http://b.test/1", "http://a.test/3"]:
        throttle.wait(url)

    assert slept == [1.5, 3.0]


def test_links_inside_attribute_values_are_unescaped():
    assert page_links('<a href="http://127.0.0.1/?a=1&amp;b=2">x</a>') == [("http://127.0.0.1/?a=1&b=2", 1, 1)]


def test_the_task_exits_non_zero_when_a_link_is_broken(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture, httpserver: HTTPServer
):
    settings = tmp_path / "pelicanconf.py"
    settings.write_text("LINKCHECK_HOST_INTERVAL = 0\nLINKCHECK_TIMEOUT = (2, 2)\n", encoding="utf-8")

    with pytest.raises(Exit) as exc_info:
        tasks.linkcheck(Context(), output=str(site), cache=str(tmp_path / "c.json"), settings=str(settings))

    assert exc_info.value.code == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == ["4 external links checked (0 from the cache), 2 broken"]
    assert len(out.err.splitlines()) == 3


def test_the_task_says_when_there_is_no_built_site(tmp_path: Path, capsys: pytest.CaptureFixture):
    with pytest.raises(Exit):
        tasks.linkcheck(Context(), output=str(tmp_path / "missing"), cache=str(tmp_path / "c.json"))

    assert capsys.readouterr().err.splitlines() == [
        f"{tmp_path / 'missing'}: no built site here (run `invoke build` first)"
    ]
