"""`invoke publish`: a build with publishconf.py (absolute URLs) synced by rsync; --dry-run changes nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from builtsite import ROOT

# .ci/run installs rsync, so in CI (CI=true) a missing rsync fails these tests instead of skipping them
pytestmark = pytest.mark.skipif(shutil.which("rsync") is None and not os.environ.get("CI"),
                                reason="rsync is not installed (apt-get install rsync)")

SITEURL = "https://meetup.example.org"


def publish(tmp_path, *flags):
    env = {**os.environ, "RECAP_SITEURL": SITEURL}
    return subprocess.run(
        [sys.executable, "-m", "invoke", "publish", "--output", str(tmp_path / "output"),
         "--target", f"{tmp_path / 'server'}/", *flags],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )


def test_a_dry_run_builds_but_sends_nothing(tmp_path):
    run = publish(tmp_path, "--dry-run")
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "output" / "index.html").is_file()
    assert not (tmp_path / "server").exists()


def test_publishing_copies_a_site_with_absolute_addresses(tmp_path):
    run = publish(tmp_path)
    assert run.returncode == 0, run.stderr
    sitemap = ET.parse(tmp_path / "server" / "sitemap.xml").getroot()
    locations = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locations and all(url.startswith(f"{SITEURL}/") for url in locations)
    assert (tmp_path / "server" / "events" / "docker-brno-2" / "index.html").is_file()
