"""The site's settings as the build and every task read them: the settings file, then each plugin's declarations.

Each plugin owns its settings (``meetup.settings``, ``polls_site.settings`` with
``polls.charts.settings``, ``kernel.cache``) and applies them itself on
``initialized``; a task that runs no Pelican build resolves the same
declarations here, so ``invoke survey-check`` finds the survey folder where the
build does.
"""

from __future__ import annotations

from pathlib import Path

from kernel.settings import Setting, apply

from .build import load_settings


def declared() -> tuple[Setting, ...]:
    """Every setting a plugin declares, once each (a shared one, such as the cache's, counts once)."""
    from meetup.settings import APPLIED as MEETUP_SETTINGS
    from polls_site.settings import APPLIED as POLLS_SETTINGS

    by_name: dict[str, Setting] = {}
    for setting in MEETUP_SETTINGS + POLLS_SETTINGS:
        by_name.setdefault(setting.name, setting)
    return tuple(by_name.values())


def site_settings(settings_file: Path, overrides: dict | None = None) -> dict:
    """Pelican's settings from ``settings_file`` with every declared default filled in.

    Raises an InputError for a broken settings file or a value a declaration refuses.
    """
    settings = dict(load_settings(settings_file, overrides))
    apply(declared(), settings)
    return settings


__all__ = ["declared", "site_settings"]
