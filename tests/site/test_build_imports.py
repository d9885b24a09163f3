"""A build that changed no poll and no chart imports none of the engine's heavy libraries.

Most builds follow a talk edited or a typo fixed.  Their poll pages come from
the plan cache (plain data) and their charts from the chart cache, so pandas,
matplotlib and the statistics libraries need not load at all; the import alone
was most of a small site's build.  Each build runs in a fresh interpreter, as
`invoke build` does, and reports what ended up in ``sys.modules``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from builtsite import NOW, ROOT, SETTINGS, page

HEAVY = {"pandas", "numpy", "matplotlib", "scipy", "statsmodels"}
# what makes calendars, renders slide decks and names talks' languages: needed only when one is made, not to
# find it in the cache
MAKERS = {"icalendar", "pypdfium2", "babel"}
TALK = "talks/ceph-and-docker.md"


def build_in_a_fresh_interpreter(site: Path) -> Built:
    """Build ``site`` (content/ and survey/, caches in cache/) in a new process: what it loaded and read."""
    overrides = {"PATH": str(site / "content"), "MEETUP_NOW": NOW, "CACHE_PATH": str(site / "cache")}
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from recap_build.build import build\n"
        f"result = build(Path({str(SETTINGS)!r}), Path({str(site / 'output')!r}), {overrides!r})\n"
        "assert result.ok, [str(p) for p in result.problems] + result.errors\n"
        f"loaded = sorted({{m.split('.')[0] for m in sys.modules}} & set({sorted(HEAVY | MAKERS)!r}))\n"
        "print(json.dumps([loaded, result.figures.get('survey_read')]))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")})
    assert run.returncode == 0, run.stderr[-2000:]
    loaded, read = json.loads(run.stdout.strip().splitlines()[-1])
    return Built(set(loaded) & HEAVY, bool(read), set(loaded) & MAKERS)


@dataclass
class Built:
    heavy: set[str]  # the heavy packages the build's own process imported
    survey_read: bool  # the survey was read and planned afresh (in a process of its own, with pandas)
    makers: set[str]  # the calendar and slide libraries it imported


@pytest.fixture(scope="module")
def warm_site(tmp_path_factory) -> Path:
    """A copy of the sample site, built once: every cache is warm."""
    site = tmp_path_factory.mktemp("site")
    shutil.copytree(ROOT / "content", site / "content")
    shutil.copytree(ROOT / "survey", site / "survey")
    cold = build_in_a_fresh_interpreter(site)
    assert "matplotlib" in cold.heavy and cold.survey_read  # a cold build draws charts and reads the survey
    assert cold.makers == MAKERS  # and makes calendars and the sample's slide deck, and names its languages
    return site


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def test_a_talk_edit_builds_without_pandas_matplotlib_or_the_statistics_libraries(warm_site):
    append(warm_site / "content" / TALK, "\nThe slides were updated after the talk.\n")
    built = build_in_a_fresh_interpreter(warm_site)
    assert built.heavy == set() and not built.survey_read
    assert built.makers == set()  # every calendar, the deck's pages and the languages' names come from the cache
    talk = page(warm_site / "output", "talks/ceph-and-docker/index.html")
    assert "The slides were updated after the talk." in [p.get_text(strip=True) for p in talk.find_all("p")]


def test_a_poll_edit_reads_the_survey_again_in_a_process_of_its_own(warm_site):
    # the oracle can fail: a changed poll is read, aggregated and planned afresh, in a process of its own whose
    # memory (pandas' working set) ends with it; the build's own process imports no pandas
    append(warm_site / "survey" / "docker-brno-2.yaml", "\n# checked against the organizers' notes\n")
    built = build_in_a_fresh_interpreter(warm_site)
    assert built.survey_read and "pandas" not in built.heavy
