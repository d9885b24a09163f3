"""The chart cache: keyed by what is drawn; an unchanged chart is never drawn twice."""

from __future__ import annotations

import dataclasses
import shutil

import polls.charts.cache as cache_module
import pytest
from damage import flip_a_bit, truncate
from kernel import cacheentry
from polls.charts import cache_key, render_charts, results_spec, svg_text, trend_spec

from tools.bench.charts import synthetic_specs


def specs_of(aggregates, catalog):
    return [
        results_spec(aggregates, survey, "orchestrator", catalog)
        for survey in ("docker-brno-1", "docker-brno-3")
    ] + [trend_spec(aggregates, "experimenting", "yes", catalog=catalog)]


def test_the_first_batch_renders_every_chart_and_the_second_none(tmp_path, aggregates, catalog):
    specs = specs_of(aggregates, catalog)
    first = render_charts(specs, tmp_path, workers=1, progress=False)
    assert (first.rendered, first.cached) == (3, 0)
    second = render_charts(specs, tmp_path, workers=1, progress=False)
    assert (second.rendered, second.cached) == (0, 3)
    # each chart file has its digest beside it (cacheentry)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        name for chart in second.charts.values() for name in (f"{chart.cache_key}.svg", f"{chart.cache_key}.svg.sum"))


def test_a_cached_chart_is_the_chart(tmp_path, aggregates, catalog):
    specs = specs_of(aggregates, catalog)
    report = render_charts(specs, tmp_path, workers=1, progress=False)
    assert specs
    for spec in specs:
        assert report.charts[spec.key].svg == svg_text(spec)


def test_changing_one_row_changes_one_key_only(aggregates, catalog):
    before = {spec.key: cache_key(spec) for spec in specs_of(aggregates, catalog)}
    changed = aggregates.copy()
    where = (changed["survey"] == "docker-brno-3") & (changed["option"] == "swarm")
    changed.loc[where, "count"] = 17
    changed.loc[where, "share"] = 17 / 62
    after = {spec.key: cache_key(spec) for spec in specs_of(changed, catalog)}
    assert [key for key in before if before[key] != after[key]] == ["results/docker-brno-3/orchestrator"]


def test_an_edit_to_the_drawing_code_changes_every_key(monkeypatch, tmp_path, aggregates, catalog):
    # the charts' code is part of every key: no version constant to forget to bump
    code = tmp_path / "charts"
    shutil.copytree(cache_module.CODE[0], code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_module, "CODE", (code,))
    specs = specs_of(aggregates, catalog)
    before = [cache_key(spec) for spec in specs]
    with (code / "style.py").open("a", encoding="utf-8") as style:
        style.write("\nBAR_HEIGHT_IN = 0.31\n")
    assert all(old != cache_key(spec) for old, spec in zip(before, specs, strict=True))


def test_a_new_matplotlib_changes_every_key(monkeypatch, aggregates, catalog):
    specs = specs_of(aggregates, catalog)
    before = [cache_key(spec) for spec in specs]
    monkeypatch.setattr(cache_module, "LIBRARIES", ("matplotlib", "a-newer-renderer"))
    assert all(old != cache_key(spec) for old, spec in zip(before, specs, strict=True))


def test_a_changed_row_is_rendered_again_and_only_it(tmp_path, aggregates, catalog):
    render_charts(specs_of(aggregates, catalog), tmp_path, workers=1, progress=False)
    changed = aggregates.copy()
    where = (changed["survey"] == "docker-brno-1") & (changed["option"] == "kubernetes")
    changed.loc[where, ["count", "share"]] = [13, 13 / 40]
    report = render_charts(specs_of(changed, catalog), tmp_path, workers=1, progress=False)
    assert (report.rendered, report.cached) == (1, 2)


def test_worker_processes_write_the_same_bytes_as_one_process(tmp_path):
    specs = synthetic_specs(30)
    alone = render_charts(specs, tmp_path / "one", workers=1, progress=False)
    pooled = render_charts(specs, tmp_path / "pool", workers=2, progress=False)
    assert pooled.rendered == len(alone.charts) == 30
    for key, chart in alone.charts.items():
        assert pooled.charts[key].path().read_bytes() == chart.path().read_bytes()


def test_two_specs_with_one_key_but_different_rows_are_refused(aggregates, catalog):
    spec = results_spec(aggregates, "docker-brno-3", "orchestrator", catalog)
    impostor = dataclasses.replace(spec, rows=spec.rows[:1])
    with pytest.raises(ValueError, match=spec.key):
        render_charts([spec, impostor], "unused", workers=1, progress=False)


@pytest.mark.parametrize("damage", [flip_a_bit, truncate], ids=["bit-flipped", "truncated"])
def test_a_chart_file_damaged_on_disk_is_drawn_again(tmp_path, aggregates, catalog, damage):
    specs = specs_of(aggregates, catalog)
    first = render_charts(specs, tmp_path, workers=1, progress=False)
    damaged = first.charts[specs[0].key]
    damage(damaged.path())
    again = render_charts(specs, tmp_path, workers=1, progress=False)
    assert (again.rendered, again.cached) == (1, 2)
    assert damaged.path().read_bytes() == svg_text(specs[0]).encode("utf-8")
    assert again.charts[specs[0].key].svg == svg_text(specs[0])


def test_a_chart_file_without_its_digest_is_drawn_again(tmp_path, aggregates, catalog):
    specs = specs_of(aggregates, catalog)
    first = render_charts(specs, tmp_path, workers=1, progress=False)
    cacheentry.digest_path(first.charts[specs[0].key].path()).unlink()  # a build killed between the two writes
    again = render_charts(specs, tmp_path, workers=1, progress=False)
    assert (again.rendered, again.cached) == (1, 2)
