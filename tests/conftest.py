"""Shared test fixtures: paths to the project, its sample content and the shared data."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis' default 200 ms per example fails arithmetic properties on a busy 2-core CI machine;
# the fuzz tests that bound a reader's time set their own deadline.
settings.register_profile("recap", deadline=timedelta(seconds=2))
settings.load_profile("recap")

ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"
CNCF = SHARED / "data" / "cncf-surveys"


@pytest.fixture
def cncf_dir() -> Path:
    """The real CNCF exports in ../shared; tests that need them skip when it is absent."""
    if not CNCF.is_dir():
        pytest.skip(f"real CNCF exports not found at {CNCF} (they live in ../shared beside the checkout)")
    return CNCF
