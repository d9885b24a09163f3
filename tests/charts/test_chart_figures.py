"""Figure markup (partials/chart.html per chart): rendered once, kept beside the chart, never stale."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from bs4 import BeautifulSoup
from damage import flip_a_bit, truncate
from kernel import cacheentry
from polls.charts import render_charts, results_spec
from polls_site.figures import SUFFIX, Figures

THEME = Path(__file__).resolve().parents[2] / "theme" / "templates"
PARTIAL = (THEME / "partials" / "chart.html").read_text("utf-8")


def environment(folder: Path) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True)


def theme_copy(folder: Path, partial: str = PARTIAL) -> jinja2.Template:
    (folder / "partials").mkdir(parents=True, exist_ok=True)
    (folder / "partials" / "chart.html").write_text(partial, "utf-8")
    return environment(folder).get_template("partials/chart.html")


@pytest.fixture
def chart(tmp_path, aggregates, catalog):
    spec = results_spec(aggregates, "docker-brno-1", "orchestrator", catalog)
    return render_charts([spec], tmp_path / "charts", workers=1, progress=False).charts[spec.key]


def figure_files(cache: Path) -> list[Path]:
    return sorted(cache.glob(f"*{SUFFIX}"))


def test_a_figure_is_the_theme_partial_rendered_for_the_chart(tmp_path, chart):
    template = environment(THEME).get_template("partials/chart.html")
    html = Figures(template, tmp_path / "charts")(chart)
    figure = BeautifulSoup(str(html), "html.parser").find("figure")
    assert str(html) == template.render(chart=chart)
    assert figure.find("svg") is not None
    assert figure.find("figcaption").get_text() == chart.caption


def test_a_figure_in_the_cache_is_read_not_rendered_again(tmp_path, chart):
    template = environment(THEME).get_template("partials/chart.html")
    Figures(template, tmp_path / "charts")(chart)
    [stored] = figure_files(tmp_path / "charts")
    # a valid entry (bytes and digest) that differs from a fresh render: what the next build must serve as is
    cacheentry.write(stored, b"<figure>kept</figure>")
    assert str(Figures(template, tmp_path / "charts")(chart)) == "<figure>kept</figure>"


def test_an_edited_partial_is_not_served_from_an_older_cache(tmp_path, chart):
    cache = tmp_path / "charts"
    Figures(theme_copy(tmp_path / "before"), cache)(chart)
    edited = PARTIAL.replace('<details class="chart-data">', '<details class="chart-data" open>')
    html = Figures(theme_copy(tmp_path / "after", edited), cache)(chart)
    assert BeautifulSoup(str(html), "html.parser").find("details").has_attr("open")
    assert len(figure_files(cache)) == 2


def test_a_partial_reading_more_than_the_chart_is_rendered_every_time(tmp_path, chart):
    cache = tmp_path / "charts"
    template = theme_copy(tmp_path / "theme", PARTIAL.replace("<figcaption>", "<figcaption>{{ SITENAME }} "))
    Figures(template, cache)(chart)
    assert figure_files(cache) == []


def test_a_figure_escapes_what_comes_from_the_data(tmp_path, aggregates, catalog):
    hostile = aggregates.copy()
    hostile["title"] = '<script>alert("x")</script>'
    spec = results_spec(hostile, "docker-brno-1", "orchestrator", catalog)
    chart = render_charts([spec], tmp_path / "charts", workers=1, progress=False).charts[spec.key]
    html = Figures(environment(THEME).get_template("partials/chart.html"), tmp_path / "charts")(chart)
    soup = BeautifulSoup(str(html), "html.parser")
    assert '<script>alert("x")</script>' in soup.get_text()  # shown as text
    assert soup.find("script") is None  # never as an element


@pytest.mark.parametrize("damage", [flip_a_bit, truncate], ids=["bit-flipped", "truncated"])
def test_a_figure_damaged_on_disk_is_rendered_again(tmp_path, chart, damage):
    template = environment(THEME).get_template("partials/chart.html")
    fresh = Figures(template, tmp_path / "charts")(chart)
    [stored] = figure_files(tmp_path / "charts")
    damage(stored)
    assert str(Figures(template, tmp_path / "charts")(chart)) == str(fresh)
    assert stored.read_text("utf-8") == str(fresh)  # and the entry is whole again for the next build
