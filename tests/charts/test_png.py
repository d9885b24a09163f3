"""PNG versions for feeds and Open Graph cards."""

from __future__ import annotations

import io

from PIL import Image
from polls.charts import png_bytes, render_charts, results_spec


def test_the_open_graph_card_is_1200_by_630(aggregates, catalog):
    spec = results_spec(aggregates, "docker-brno-3", "orchestrator", catalog)
    with Image.open(io.BytesIO(png_bytes(spec, og=True))) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))


def test_png_rendering_is_deterministic(aggregates, catalog):
    spec = results_spec(aggregates, "docker-brno-2", "experimenting", catalog)
    assert png_bytes(spec) == png_bytes(spec)


def test_a_batch_can_cache_every_format(tmp_path, aggregates, catalog):
    spec = results_spec(aggregates, "docker-brno-3", "orchestrator", catalog)
    report = render_charts([spec], tmp_path, workers=1, progress=False, formats=("svg", "png", "og"))
    chart = report.charts[spec.key]
    assert {fmt: path.name for fmt, path in chart.files} == {
        "svg": f"{chart.cache_key}.svg", "png": f"{chart.cache_key}.png",
        "og": f"{chart.cache_key}.og.png"}
    with Image.open(chart.path("og")) as image:
        assert image.size == (1200, 630)
