"""Check every external link of the built site, politely and with a cache.

Links are collected from the HTML in the output folder (with the line and
column of each occurrence), checked by a bounded thread pool with a minimum
interval between two requests to the same host, HEAD first and GET when a
server refuses HEAD.  Good results are cached for a while; broken ones are
checked again on every run, since the point of a rerun is to see them fixed.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import requests
from kernel.cache import CACHES, Cache
from kernel.problems import Problem

from .errors import NetworkDataError
from .http import WEB_SCHEMES, HttpPolicy, describe_error, make_session

NAME = "linkcheck"  # kernel.cache.CACHES
RESULTS = "results.json"  # the entry in that cache's folder
CACHE_VERSION = CACHES[NAME].version
LINK_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src",),
    "script": ("src",),
    "iframe": ("src",),
    "source": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
}


@dataclass(frozen=True, order=True)
class Occurrence:
    """Where a link appears: a page of the site (relative to the output folder), 1-based."""

    page: str
    line: int
    column: int


@dataclass(frozen=True)
class LinkStatus:
    url: str
    ok: bool
    detail: str  # "HTTP 200", "HTTP 404 NOT FOUND", "cannot connect ..."
    checked: float  # seconds since the epoch
    cached: bool = False


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, int, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = LINK_ATTRIBUTES.get(tag)
        if not wanted:
            return
        line, column = self.getpos()
        for name, value in attrs:
            if name in wanted and value:
                self.found.append((value.strip(), line, column + 1))


def page_links(html: str) -> list[tuple[str, int, int]]:
    """The absolute http(s) links of one page, fragment removed, with line and column."""
    parser = _LinkParser()
    parser.feed(html)
    parser.close()
    links = []
    for value, line, column in parser.found:
        url = urldefrag(value).url
        parts = urlsplit(url)
        if parts.scheme.lower() in WEB_SCHEMES and parts.netloc:
            links.append((url, line, column))
    return links


def site_links(output_dir: Path, ignore: Iterable[str] = ()) -> dict[str, list[Occurrence]]:
    """Every external link of the site and where it occurs, both sorted."""
    if not output_dir.is_dir():
        raise NetworkDataError(Problem(str(output_dir), message="no built site here (run `invoke build` first)"))
    ignore = tuple(ignore)
    found: dict[str, list[Occurrence]] = {}
    for path in sorted(output_dir.rglob("*.html")):
        page = path.relative_to(output_dir).as_posix()
        html = path.read_text(encoding="utf-8", errors="replace")
        for url, line, column in page_links(html):
            if not url.startswith(ignore):
                found.setdefault(url, []).append(Occurrence(page, line, column))
    return {url: sorted(found[url]) for url in sorted(found)}


class HostThrottle:
    """At most one request per ``interval`` seconds to each host, shared by all threads.

    Each caller reserves the next free slot for its host under a lock and then
    sleeps outside it, so waiting for one host never holds up another.
    """

    def __init__(
        self,
        interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def wait(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            now = self._clock()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + self.interval
        if slot > now:
            self._sleep(slot - now)


@dataclass
class LinkChecker:
    """Checks URLs with one session per worker thread (sessions are not thread-safe)."""

    policy: HttpPolicy
    throttle: HostThrottle
    session_factory: Callable[[HttpPolicy], requests.Session] = make_session
    clock: Callable[[], float] = time.time
    _local: threading.local = field(default_factory=threading.local)

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = self.session_factory(self.policy)
        return session

    def _status(self, method: str, url: str) -> tuple[int, str]:
        self.throttle.wait(url)
        with self._session().request(method, url, stream=True, allow_redirects=True) as response:
            return response.status_code, response.reason or ""

    def check(self, url: str) -> LinkStatus:
        """HEAD, then GET when HEAD is refused or fails other than by an unreachable host."""
        answer: tuple[int, str] | None = None
        try:
            answer = self._status("HEAD", url)
        except requests.ConnectionError as exc:
            return LinkStatus(url, False, describe_error(exc, self.policy), self.clock())
        except requests.RequestException:
            pass  # some servers mishandle HEAD (timeouts, bad redirects): GET decides
        if answer is None or answer[0] >= 400:
            try:
                answer = self._status("GET", url)
            except requests.RequestException as exc:
                return LinkStatus(url, False, describe_error(exc, self.policy), self.clock())
        status, reason = answer
        detail = f"HTTP {status}" + (f" {reason}" if reason and status >= 400 else "")
        return LinkStatus(url, status < 400, detail, self.clock())


def fresh_from_cache(cache: object, urls: Iterable[str], now: float, max_age_hours: float) -> dict[str, LinkStatus]:
    """Good results younger than ``max_age_hours``; anything else in the cache is ignored."""
    entries = cache.get("links", {}) if isinstance(cache, dict) and cache.get("version") == CACHE_VERSION else {}
    fresh = {}
    for url in urls:
        entry = entries.get(url)
        if not isinstance(entry, dict) or entry.get("ok") is not True:
            continue
        checked = entry.get("checked")
        if isinstance(checked, (int, float)) and 0 <= now - checked <= max_age_hours * 3600:
            fresh[url] = LinkStatus(url, True, str(entry.get("detail", "")), float(checked), cached=True)
    return fresh


def cache_data(statuses: Iterable[LinkStatus]) -> dict:
    """What to keep for the next run: the good results only, sorted for stable files."""
    links = {
        s.url: {"ok": True, "detail": s.detail, "checked": s.checked}
        for s in sorted(statuses, key=lambda s: s.url)
        if s.ok
    }
    return {"version": CACHE_VERSION, "links": links}


def check_links(
    urls: Iterable[str],
    checker: LinkChecker,
    *,
    workers: int,
    cache: object = None,
    max_age_hours: float = 24.0,
) -> dict[str, LinkStatus]:
    """A status for every URL: from the cache when fresh, otherwise checked concurrently."""
    urls = sorted(set(urls))
    statuses = fresh_from_cache(cache, urls, checker.clock(), max_age_hours)
    todo = [u for u in urls if u not in statuses]
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for status in pool.map(checker.check, todo):
            statuses[status.url] = status
    return {url: statuses[url] for url in urls}


@dataclass(frozen=True)
class LinkReport:
    statuses: dict[str, LinkStatus]
    occurrences: dict[str, list[Occurrence]]

    @property
    def broken(self) -> list[LinkStatus]:
        return [s for s in self.statuses.values() if not s.ok]

    def problems(self, output_label: str) -> list[Problem]:
        """One line per place a broken link appears, as ``page:line:column: broken link ...``."""
        return [
            Problem(f"{output_label}/{o.page}", o.line, o.column, f"broken link {s.url} ({s.detail})")
            for s in self.broken
            for o in self.occurrences[s.url]
        ]


def linkcheck(
    output_dir: str | Path,
    cache_path: str | Path,
    policy: HttpPolicy,
    *,
    workers: int = 8,
    host_interval: float = 1.0,
    max_age_hours: float = 24.0,
    ignore: Iterable[str] = (),
    checker: LinkChecker | None = None,
) -> LinkReport:
    """Check the site in ``output_dir``; the cache file is rewritten atomically afterwards."""
    occurrences = site_links(Path(output_dir), ignore)
    checker = checker or LinkChecker(policy, HostThrottle(host_interval))
    store, name = Cache.of(NAME, Path(cache_path).parent), Path(cache_path).name
    cache = _read(store, name)
    statuses = check_links(occurrences, checker, workers=workers, cache=cache, max_age_hours=max_age_hours)
    new_cache = cache_data(statuses.values())
    if new_cache != cache:
        text = json.dumps(new_cache, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        store.write(name, text.encode("utf-8"))
    return LinkReport(statuses, occurrences)


def _read(store: Cache, name: str) -> object:
    data = store.read(name)  # missing or damaged: every link is checked again
    try:
        return json.loads(data) if data is not None else {}
    except ValueError:
        return {}
