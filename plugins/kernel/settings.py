"""Settings declared once: a name, a default, a check and a one-line doc each.

Every plugin lists its settings as :class:`Setting` records and applies them on
Pelican's ``initialized`` signal; the tasks resolve the same records against the
same settings file, so a build and ``invoke survey-check`` never disagree on a
default.  README.md's settings table lists every declared name (a test holds it
to that).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from .problems import InputError, Problem

SETTINGS_FILE = "pelicanconf.py"


@dataclass(frozen=True)
class Setting:
    """One setting: ``default`` is a value, or ``derive(settings)`` computes it from other settings.

    ``check(value)`` returns a plain message when the value is unusable, None when it is fine.
    ``merge``: a dict default whose keys the site may override one by one.
    """

    name: str
    default: Any = None
    doc: str = ""
    check: Callable[[Any], str | None] | None = None
    derive: Callable[[Mapping[str, Any]], Any] | None = None
    merge: bool = False

    def default_for(self, settings: Mapping[str, Any]) -> Any:
        return self.derive(settings) if self.derive is not None else copy.deepcopy(self.default)


def resolved(declared: Iterable[Setting], settings: Mapping[str, Any]) -> dict[str, Any]:
    """The value of every declared setting: the site's own, or the default (dicts merged key by key)."""
    out: dict[str, Any] = {}
    for setting in declared:
        if setting.name not in settings:
            out[setting.name] = setting.default_for(settings)
        elif setting.merge and isinstance(settings[setting.name], Mapping):
            out[setting.name] = {**setting.default_for(settings), **settings[setting.name]}
        else:
            out[setting.name] = settings[setting.name]
    return out


def problems(declared: Iterable[Setting], values: Mapping[str, Any], file: str = SETTINGS_FILE) -> list[Problem]:
    """One Problem per declared setting whose value its check refuses."""
    found = []
    for setting in declared:
        message = setting.check(values[setting.name]) if setting.check and setting.name in values else None
        if message:
            found.append(Problem(file, 0, 0, f"{setting.name} {message}"))
    return found


def checked(declared: Iterable[Setting], settings: Mapping[str, Any], file: str = SETTINGS_FILE,
            error: type[InputError] = InputError) -> dict[str, Any]:
    """:func:`resolved`, once every check passes; else ``error`` (the concern's InputError) listing every refusal."""
    declared = tuple(declared)
    values = resolved(declared, settings)
    found = problems(declared, values, file)
    if found:
        raise error(found)
    return values


def apply(declared: Iterable[Setting], settings: MutableMapping[str, Any], file: str = SETTINGS_FILE) -> None:
    """Fill in every declared setting the site did not set; InputError listing every refused value."""
    settings.update(checked(declared, settings, file))


# -- common checks ----------------------------------------------------------------------


def positive_int(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return f"must be a positive whole number, not {value!r}"
    return None


__all__ = ["SETTINGS_FILE", "Setting", "apply", "checked", "positive_int", "problems", "resolved"]
