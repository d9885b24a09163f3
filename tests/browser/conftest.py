"""Fixtures for the browser tests: the sample site built and served on 127.0.0.1, and Chromium.

The site is built once per session with the project's pelicanconf.py and a pinned
clock, served by http.server from a daemon thread, and driven through Playwright
with Debian's /usr/bin/chromium (Playwright's own browser downloads are not used).

Without /usr/bin/chromium the browser tests skip with the reason, unless
RECAP_REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from recap_build.build import build

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "pelicanconf.py"
NOW = "2026-11-28T00:00:00+00:00"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass  # one line per request would bury pytest's output


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample content (content/) built into a temporary folder."""
    output = tmp_path_factory.mktemp("browser-site") / "output"
    result = build(SETTINGS, output, {"MEETUP_NOW": NOW})
    assert result.ok, [str(p) for p in result.problems] + result.errors
    return output


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """http://127.0.0.1:<free port>/ serving the built site."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, name="browser-test-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is not installed (apt-get install chromium); the browser tests need it"
    if os.environ.get("RECAP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"RECAP_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


# Module scope on purpose: Playwright's sync API allows one running instance per
# thread, and other browser test modules start their own.
@pytest.fixture(scope="module")
def browser():
    """A headless Chromium (Playwright Browser), one per test module."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _local_only(route) -> None:
    if urlsplit(route.request.url).hostname == "127.0.0.1":
        route.continue_()
    else:
        route.abort("blockedbyclient")


@dataclass
class Visit:
    """A loaded page and what happened while loading it."""

    page: object  # playwright.sync_api.Page
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # requests that failed or got a 4xx/5xx answer


@pytest.fixture
def visit(browser, site_url) -> Iterator[Callable[..., Visit]]:
    """visit(path, color_scheme="light", viewport=(1280, 900), javascript=True, settle=False) -> Visit.

    Opens ``path`` (relative to the site root) in a fresh browser context, and records
    console errors, uncaught page errors and every request the page made. With
    ``settle`` it also waits until the network is idle, so late requests (CSS
    background images, lazy images) are in the record too.
    """
    contexts = []

    def open_page(path: str, color_scheme: str = "light", viewport: tuple[int, int] = (1280, 900),
                  javascript: bool = True, settle: bool = False) -> Visit:
        context = browser.new_context(color_scheme=color_scheme, java_script_enabled=javascript,
                                      viewport={"width": viewport[0], "height": viewport[1]})
        contexts.append(context)
        # Every request passes through this route: one for another host is recorded by
        # the "request" listener below but never sent, so a broken page cannot reach
        # the network. Routing also turns off the HTTP cache, so each visit loads
        # (and reports) everything afresh.
        context.route("**/*", _local_only)
        page = context.new_page()
        result = Visit(page)
        page.on("console", lambda msg: result.console_errors.append(f"{msg.text} ({msg.location.get('url')})")
                if msg.type == "error" else None)
        page.on("pageerror", lambda error: result.console_errors.append(f"uncaught: {error}"))
        page.on("request", lambda request: result.requests.append(request.url))
        page.on("requestfailed", lambda request: result.broken.append(f"failed: {request.url}"))
        page.on("response", lambda response: result.broken.append(f"HTTP {response.status}: {response.url}")
                if response.status >= 400 else None)
        page.goto(site_url + path, wait_until="networkidle" if settle else "load")
        return result

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """test-artifacts/screenshots/ in the checkout (gitignored); kept after the run for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
