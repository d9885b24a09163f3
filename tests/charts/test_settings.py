"""Chart settings: defaults in one place, a site's values over them."""

from __future__ import annotations

from pathlib import Path

from polls.charts import DEFAULTS, chart_settings


def test_defaults_apply_when_the_site_sets_nothing(tmp_path):
    settings = chart_settings({}, root=tmp_path)
    assert settings.cache_dir == tmp_path / DEFAULTS["POLLS_CHART_CACHE_DIR"]
    assert (settings.workers, settings.progress, settings.formats) == (None, True, ("svg",))


def test_a_sites_values_win_and_other_settings_are_ignored(tmp_path):
    settings = chart_settings({"POLLS_CHART_WORKERS": 3, "POLLS_CHART_FORMATS": ["svg", "og"],
                               "POLLS_CHART_CACHE_DIR": "/var/cache/charts", "SITENAME": "x"},
                              root=tmp_path)
    assert (settings.workers, settings.formats) == (3, ("svg", "og"))
    assert settings.cache_dir == Path("/var/cache/charts")
