"""Network settings: defaults in one place, every bad value reported at once."""

from __future__ import annotations

import pytest
from netdata.errors import NetworkDataError
from netdata.settings import DEFAULTS, network_settings


def test_an_empty_configuration_gets_the_defaults():
    settings = network_settings({})

    assert settings.remote_sheets == []
    assert (settings.polls_policy.connect_timeout, settings.polls_policy.read_timeout) == DEFAULTS[
        "POLLS_FETCH_TIMEOUT"
    ]
    assert settings.polls_policy.max_bytes == DEFAULTS["POLLS_FETCH_MAX_BYTES"]
    assert settings.meetup_api_url == "https://api.meetup.com/gql"
    assert settings.linkcheck_workers == DEFAULTS["LINKCHECK_WORKERS"]


def test_one_timeout_number_is_used_for_connect_and_read():
    settings = network_settings({"IMPORT_TIMEOUT": 7, "POLLS_FETCH_MAX_BYTES": 1024})

    assert (settings.import_policy.connect_timeout, settings.import_policy.read_timeout) == (7.0, 7.0)
    assert settings.polls_policy.max_bytes == 1024


def test_every_bad_value_is_reported():
    with pytest.raises(NetworkDataError) as exc_info:
        network_settings({"POLLS_FETCH_TIMEOUT": "soon", "LINKCHECK_WORKERS": -2, "LINKCHECK_IGNORE": "x"})

    # in the order the settings are declared (netdata.settings.SETTINGS)
    assert [p.message for p in exc_info.value.problems] == [
        "POLLS_FETCH_TIMEOUT must be seconds or (connect, read) seconds",
        "LINKCHECK_WORKERS must be a number >= 0",
        "LINKCHECK_IGNORE must be a list of URL prefixes",
    ]


def test_downloads_have_a_total_deadline_by_default():
    settings = network_settings({})

    assert settings.polls_policy.deadline == DEFAULTS["POLLS_FETCH_DEADLINE"] == 120
    assert settings.import_policy.deadline == DEFAULTS["IMPORT_DEADLINE"] == 120


def test_the_deadline_and_the_schedule_limits_are_settings():
    settings = network_settings(
        {"POLLS_FETCH_DEADLINE": 5, "IMPORT_DEADLINE": 7.5, "IMPORT_MAX_TALKS": 50, "IMPORT_MAX_SPEAKERS": 60}
    )

    assert (settings.polls_policy.deadline, settings.import_policy.deadline) == (5.0, 7.5)
    assert (settings.import_max_talks, settings.import_max_speakers) == (50, 60)


def test_a_deadline_or_limit_that_is_not_positive_is_reported():
    with pytest.raises(NetworkDataError) as exc_info:
        network_settings({"POLLS_FETCH_DEADLINE": 0, "IMPORT_MAX_TALKS": "many"})

    assert [str(p) for p in exc_info.value.problems] == [
        "pelicanconf.py: POLLS_FETCH_DEADLINE must be a number > 0",
        "pelicanconf.py: IMPORT_MAX_TALKS must be a number > 0",
    ]


def test_no_setting_lets_a_redirect_reach_a_private_address():
    settings = network_settings({"ALLOW_NETWORKS": ["0.0.0.0/0"], "POLLS_FETCH_ALLOW_NETWORKS": ["0.0.0.0/0"]})

    policies = (settings.polls_policy, settings.import_policy, settings.linkcheck_policy)
    assert [p.allow_networks for p in policies] == [(), (), ()]
