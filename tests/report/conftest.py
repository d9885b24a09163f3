"""Report fixtures: the sample site's report and a larger synthetic one, built once per session."""

from __future__ import annotations

import pytest
from report_helpers import ROOT, Built, build
from report_synthetic import make_site


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory) -> Built:
    """The report for the repository's own content/ and survey/ (Docker Brno and the demo group)."""
    return build(ROOT / "content", ROOT / "survey", tmp_path_factory.mktemp("sample") / "report")


@pytest.fixture(scope="session")
def synthetic_site(tmp_path_factory) -> dict:
    return make_site(tmp_path_factory.mktemp("synthetic"))


@pytest.fixture(scope="session")
def synthetic_report(synthetic_site, tmp_path_factory) -> Built:
    return build(synthetic_site["content"], synthetic_site["survey"], tmp_path_factory.mktemp("synth") / "report",
                 siteurl="https://cloud-brno.example.org")
