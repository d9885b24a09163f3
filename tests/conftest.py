"""Shared test fixtures: paths to the project, its sample content and the shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

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
