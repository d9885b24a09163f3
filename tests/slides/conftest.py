"""Fixtures for the slides tests: a content folder in tmp_path built from tests/data/slides."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from slides_testdata import DATA, encrypt_pdf, make_pdf


@pytest.fixture
def content_root(tmp_path: Path) -> Path:
    """A content/ folder: the test data files plus a 3-page PDF and a locked copy of it."""
    root = tmp_path / "content"
    shutil.copytree(DATA / "content", root)
    make_pdf(root / "slides" / "docker-101.pdf")
    encrypt_pdf(root / "slides" / "docker-101.pdf", root / "slides" / "locked.pdf")
    return root


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def output_dir(tmp_path: Path) -> Path:
    return tmp_path / "output"
