"""Dependencies point one way: kernel <- polls <- polls_site -> meetup; kernel <- meetup; the build on top.

Two oracles: a scan of every import statement in the source (so an import
hidden in a function counts too), and fresh interpreters that import a package
and list what ended up in ``sys.modules`` (so an indirect import counts too).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "plugins"
HEAVY = {"pandas", "numpy", "matplotlib"}


def imported_packages(package: str) -> dict[str, set[str]]:
    """Top-level package of every absolute import in ``package``'s files -> the files that import it."""
    found: dict[str, set[str]] = {}
    for path in sorted((PLUGINS / package).rglob("*.py")):
        rel = str(path.relative_to(PLUGINS))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(rel)
    return found


def loaded_after(code: str) -> set[str]:
    """Top-level packages in sys.modules after running ``code`` in a fresh interpreter."""
    script = code + "\nimport sys, json\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={"PYTHONPATH": str(PLUGINS)},
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return set(json.loads(run.stdout.strip().splitlines()[-1]))


def modules_of(package: str) -> list[str]:
    out = []
    for path in sorted((PLUGINS / package).rglob("*.py")):
        parts = path.relative_to(PLUGINS).with_suffix("").parts
        out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return out


def test_the_kernel_imports_no_engine_no_site_no_pelican_and_no_pandas():
    found = imported_packages("kernel")
    assert found  # the scan saw the kernel's imports
    forbidden = {"polls", "polls_site", "meetup", "recap_build", "netdata", "pelican", *HEAVY}
    assert {name: files for name, files in found.items() if name in forbidden} == {}


def test_the_poll_engine_imports_no_site_plugin_no_glue_and_no_pelican():
    found = imported_packages("polls")
    assert "kernel" in found and "pandas" in found  # the scan saw the engine's imports
    forbidden = {"meetup", "polls_site", "recap_build", "netdata", "pelican"}
    assert {name: files for name, files in found.items() if name in forbidden} == {}


def test_the_site_plugin_knows_nothing_of_the_polls():
    found = imported_packages("meetup")
    assert "kernel" in found
    assert {name: files for name, files in found.items() if name in {"polls", "polls_site", "recap_build"}} == {}


def test_importing_polls_loads_no_pandas_matplotlib_pelican_or_site_plugin():
    loaded = loaded_after("import polls")
    assert "polls" in loaded
    assert loaded & {*HEAVY, "pelican", "meetup", "polls_site"} == set()


def test_the_public_names_of_polls_load_on_first_use():
    loaded = loaded_after("import polls\nassert callable(polls.aggregate) and callable(polls.load_survey)")
    assert "pandas" in loaded


def test_the_kernel_loads_no_pandas_or_pelican():
    code = "\n".join(f"import {m}" for m in modules_of("kernel"))
    loaded = loaded_after(code)
    assert "kernel" in loaded
    assert loaded & {*HEAVY, "pelican", "polls", "meetup"} == set()


def test_every_engine_module_imports_without_pelican_or_the_site_plugin():
    modules = modules_of("polls")
    assert "polls.read.folder" in modules and "polls.report.pdf" in modules
    loaded = loaded_after("\n".join(f"import {m}" for m in modules))
    assert loaded & {"pelican", "meetup", "polls_site", "recap_build"} == set()


def test_building_chart_specs_loads_no_matplotlib():
    loaded = loaded_after("import polls.charts.results_data, polls.charts.trend_data\n"
                          "from polls.charts import attendance_spec, results_spec, results_specs, trend_spec")
    assert "pandas" in loaded  # the specs were built from frames: the imports ran
    assert "matplotlib" not in loaded


def test_drawing_a_chart_loads_matplotlib():
    # the other side of the split: the test above would pass if nothing ever loaded matplotlib
    assert "matplotlib" in loaded_after("import polls.charts.results_drawing, polls.charts.trend_drawing")
