"""Settings of the network tasks, declared once (name, default, doc, check) and nowhere else.

The tasks read pelicanconf.py (with Pelican) and pass the resulting mapping to
:func:`network_settings`, which resolves and checks these records as the site plugins'
are at ``initialized`` (kernel.settings); the library itself only ever sees plain values.
The build never reads them: no network task runs during ``invoke build``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kernel.settings import Setting, checked, resolved

from .errors import NetworkDataError
from .http import HttpPolicy


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def timeouts(value: Any) -> str | None:
    pair = isinstance(value, (list, tuple)) and len(value) == 2 and all(_is_number(v) and v > 0 for v in value)
    if pair or (_is_number(value) and value > 0):
        return None
    return "must be seconds or (connect, read) seconds"


def at_least_zero(value: Any) -> str | None:
    return None if _is_number(value) and value >= 0 else "must be a number >= 0"


def above_zero(value: Any) -> str | None:
    return None if _is_number(value) and value > 0 else "must be a number > 0"


def url_prefixes(value: Any) -> str | None:
    if isinstance(value, (list, tuple)) and all(isinstance(p, str) for p in value):
        return None
    return "must be a list of URL prefixes"


def _http(prefix: str, what: str, timeout: tuple[float, float], retries: int, *, limits: bool) -> tuple[Setting, ...]:
    """The HTTP policy settings of one kind of request: ``{prefix}_TIMEOUT``, ``_RETRIES``, ..."""
    declared = (
        Setting(f"{prefix}_TIMEOUT", timeout, f"{what}: seconds to connect and to read, or one number for both",
                check=timeouts),
        Setting(f"{prefix}_RETRIES", retries, f"{what}: retries on connection errors and HTTP 5xx",
                check=at_least_zero),
        Setting(f"{prefix}_BACKOFF", 0.5, f"{what}: urllib3 backoff factor, waits grow as factor x 2^n",
                check=at_least_zero),
    )
    if not limits:
        return declared
    return declared + (
        Setting(f"{prefix}_MAX_BYTES", 20 * 1024 * 1024, f"{what}: largest download accepted, in bytes",
                check=at_least_zero),
        # a read timeout restarts with every byte: only a deadline bounds a server that trickles
        Setting(f"{prefix}_DEADLINE", 120, f"{what}: seconds a whole download may take, however slowly it arrives",
                check=above_zero),
    )


SETTINGS: tuple[Setting, ...] = (
    Setting("POLLS_REMOTE_SHEETS", [], 'poll sheets to fetch: [{"url": "https://...", "file": "<event-slug>.csv"}]'),
    *_http("POLLS_FETCH", "poll sheet downloads", (5, 30), 3, limits=True),
    *_http("IMPORT", "schedule and Meetup imports", (5, 30), 3, limits=True),
    Setting("IMPORT_MAX_TALKS", 1000, "a schedule with more talks is refused", check=above_zero),
    Setting("IMPORT_MAX_SPEAKERS", 1000, "a schedule with more speakers is refused", check=above_zero),
    Setting("MEETUP_API_URL", "https://api.meetup.com/gql", "the Meetup.com GraphQL endpoint"),
    *_http("LINKCHECK", "link check requests", (5, 15), 1, limits=False),
    Setting("LINKCHECK_WORKERS", 8, "threads checking links at once (0 counts as 1)", check=at_least_zero),
    Setting("LINKCHECK_HOST_INTERVAL", 1.0, "seconds between two requests to one host", check=at_least_zero),
    Setting("LINKCHECK_CACHE_HOURS", 24.0, "how long a good link check result is trusted", check=at_least_zero),
    Setting("LINKCHECK_IGNORE", [], "URL prefixes the link check never requests", check=url_prefixes),
)

DEFAULTS: dict = resolved(SETTINGS, {})


@dataclass(frozen=True)
class NetworkSettings:
    remote_sheets: object
    polls_policy: HttpPolicy
    import_policy: HttpPolicy
    import_max_talks: int
    import_max_speakers: int
    meetup_api_url: str
    linkcheck_policy: HttpPolicy
    linkcheck_workers: int
    linkcheck_host_interval: float
    linkcheck_cache_hours: float
    linkcheck_ignore: tuple[str, ...]


def _timeouts(value: float | list | tuple) -> tuple[float, float]:
    return (float(value), float(value)) if _is_number(value) else (float(value[0]), float(value[1]))


def _policy(values: Mapping[str, Any], prefix: str) -> HttpPolicy:
    connect, read = _timeouts(values[f"{prefix}_TIMEOUT"])
    return HttpPolicy(
        connect_timeout=connect,
        read_timeout=read,
        retries=int(values[f"{prefix}_RETRIES"]),
        backoff=float(values[f"{prefix}_BACKOFF"]),
        max_bytes=int(values.get(f"{prefix}_MAX_BYTES", HttpPolicy.max_bytes)),
        deadline=float(values.get(f"{prefix}_DEADLINE", HttpPolicy.deadline)),
    )


def network_settings(site_settings: Mapping) -> NetworkSettings:
    """Every network setting (the site's value, else its default); NetworkDataError listing every refused one."""
    values = checked(SETTINGS, site_settings, error=NetworkDataError)
    return NetworkSettings(
        remote_sheets=values["POLLS_REMOTE_SHEETS"],
        polls_policy=_policy(values, "POLLS_FETCH"),
        import_policy=_policy(values, "IMPORT"),
        import_max_talks=int(values["IMPORT_MAX_TALKS"]),
        import_max_speakers=int(values["IMPORT_MAX_SPEAKERS"]),
        meetup_api_url=str(values["MEETUP_API_URL"]),
        linkcheck_policy=_policy(values, "LINKCHECK"),
        linkcheck_workers=max(1, int(values["LINKCHECK_WORKERS"])),
        linkcheck_host_interval=float(values["LINKCHECK_HOST_INTERVAL"]),
        linkcheck_cache_hours=float(values["LINKCHECK_CACHE_HOURS"]),
        linkcheck_ignore=tuple(values["LINKCHECK_IGNORE"]),
    )


__all__ = ["DEFAULTS", "SETTINGS", "NetworkSettings", "network_settings"]
