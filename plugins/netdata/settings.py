"""Settings of the network tasks, defaulted here and nowhere else.

The tasks read pelicanconf.py (with Pelican) and pass the resulting mapping to
:func:`network_settings`; the library itself only ever sees plain values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kernel.problems import Problem

from .errors import NetworkDataError
from .http import HttpPolicy

DEFAULTS: dict[str, object] = {
    # poll sheets: [{"url": "https://...", "file": "<event-slug>.csv"}, ...]
    "POLLS_REMOTE_SHEETS": [],
    "POLLS_FETCH_TIMEOUT": (5, 30),  # seconds: one number for both, or (connect, read)
    "POLLS_FETCH_RETRIES": 3,
    "POLLS_FETCH_BACKOFF": 0.5,  # urllib3 backoff factor: waits 0, 2x, 4x ... this
    "POLLS_FETCH_MAX_BYTES": 20 * 1024 * 1024,
    "POLLS_FETCH_DEADLINE": 120,  # seconds for a whole download, however slowly it trickles in
    # schedule and Meetup imports
    "IMPORT_TIMEOUT": (5, 30),
    "IMPORT_RETRIES": 3,
    "IMPORT_BACKOFF": 0.5,
    "IMPORT_MAX_BYTES": 20 * 1024 * 1024,
    "IMPORT_DEADLINE": 120,
    "IMPORT_MAX_TALKS": 1000,  # a schedule with more talks (or speakers) is refused
    "IMPORT_MAX_SPEAKERS": 1000,
    "MEETUP_API_URL": "https://api.meetup.com/gql",
    # link check of the built site
    "LINKCHECK_TIMEOUT": (5, 15),
    "LINKCHECK_RETRIES": 1,
    "LINKCHECK_BACKOFF": 0.5,
    "LINKCHECK_WORKERS": 8,
    "LINKCHECK_HOST_INTERVAL": 1.0,  # seconds between two requests to one host
    "LINKCHECK_CACHE_HOURS": 24.0,  # how long a good result is trusted
    "LINKCHECK_IGNORE": [],  # URL prefixes never checked
}


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


def _timeouts(value: object, name: str, problems: list[Problem]) -> tuple[float, float]:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return float(value), float(value)
    if (
        isinstance(value, (list, tuple))
        and len(value) == 2
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0 for v in value)
    ):
        return float(value[0]), float(value[1])
    problems.append(Problem("pelicanconf.py", message=f"{name} must be seconds or (connect, read) seconds"))
    return (5.0, 30.0)


def _number(value: object, name: str, problems: list[Problem], kind: type = float) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
        return kind(value)
    problems.append(Problem("pelicanconf.py", message=f"{name} must be a number >= 0"))
    return kind(0)


def _positive(value: object, name: str, problems: list[Problem], kind: type = float) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return kind(value)
    problems.append(Problem("pelicanconf.py", message=f"{name} must be a number > 0"))
    return kind(1)


def _policy(settings: Mapping, prefix: str, problems: list[Problem]) -> HttpPolicy:
    def number(suffix: str, kind: type = float):
        return _number(settings[f"{prefix}_{suffix}"], f"{prefix}_{suffix}", problems, kind)

    connect, read = _timeouts(settings[f"{prefix}_TIMEOUT"], f"{prefix}_TIMEOUT", problems)
    has_limit = f"{prefix}_MAX_BYTES" in settings
    has_deadline = f"{prefix}_DEADLINE" in settings
    return HttpPolicy(
        connect_timeout=connect,
        read_timeout=read,
        retries=number("RETRIES", int),
        backoff=number("BACKOFF"),
        max_bytes=number("MAX_BYTES", int) if has_limit else HttpPolicy.max_bytes,
        deadline=_positive(settings[f"{prefix}_DEADLINE"], f"{prefix}_DEADLINE", problems)
        if has_deadline
        else HttpPolicy.deadline,
    )


def network_settings(site_settings: Mapping) -> NetworkSettings:
    """Fill in defaults for every network setting and check their types."""
    merged = {**DEFAULTS, **{k: v for k, v in site_settings.items() if k in DEFAULTS}}
    problems: list[Problem] = []

    def number(name: str, kind: type = float):
        return _number(merged[name], name, problems, kind)

    ignore = merged["LINKCHECK_IGNORE"]
    if not isinstance(ignore, (list, tuple)) or not all(isinstance(p, str) for p in ignore):
        problems.append(Problem("pelicanconf.py", message="LINKCHECK_IGNORE must be a list of URL prefixes"))
        ignore = ()
    result = NetworkSettings(
        remote_sheets=merged["POLLS_REMOTE_SHEETS"],
        polls_policy=_policy(merged, "POLLS_FETCH", problems),
        import_policy=_policy(merged, "IMPORT", problems),
        import_max_talks=_positive(merged["IMPORT_MAX_TALKS"], "IMPORT_MAX_TALKS", problems, int),
        import_max_speakers=_positive(merged["IMPORT_MAX_SPEAKERS"], "IMPORT_MAX_SPEAKERS", problems, int),
        meetup_api_url=str(merged["MEETUP_API_URL"]),
        linkcheck_policy=_policy(merged, "LINKCHECK", problems),
        linkcheck_workers=max(1, number("LINKCHECK_WORKERS", int)),
        linkcheck_host_interval=number("LINKCHECK_HOST_INTERVAL"),
        linkcheck_cache_hours=number("LINKCHECK_CACHE_HOURS"),
        linkcheck_ignore=tuple(ignore),
    )
    if problems:
        raise NetworkDataError(problems)
    return result
