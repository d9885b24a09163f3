"""The thin Pelican side of the poll engine: read survey/, render charts, write poll pages.

Event pages get their meetup's results as HTML figures (one per topic) through
the ``polls_event_figures`` context entry; trend pages, the overview and the downloads are written here.  All state
lives on the generator, which Pelican makes anew for every build.
"""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import Markup
from meetup.cache_prune import keep_days, prune
from meetup.survey_path import DEFAULT_POLLS_PATH, survey_folder
from pelican import signals
from pelican.generators import Generator
from problems import Problem

from . import directive
from .charts import chart_settings, render_charts, results_spec, trend_spec
from .charts.figures import Figures
from .charts.html_figure import question_figure
from .errors import PollDataError
from .export import csv_text, export_rows, json_text
from .plan_cache import load_planned
from .suppress import DEFAULT_MIN_CELL

logger = logging.getLogger(__name__)

DEFAULTS = {
    "POLLS_PATH": DEFAULT_POLLS_PATH,
    "POLLS_MIN_CELL": DEFAULT_MIN_CELL,
    "POLLS_INDEX": "polls/index.html",
    "POLLS_TREND_URL": "polls/{slug}/index.html",
    "POLLS_CSV": "polls/aggregates.csv",
    "POLLS_JSON": "polls/aggregates.json",
}


def apply_defaults(settings: dict) -> None:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    settings.setdefault("POLLS_CHART_CACHE_DIR", str(Path(settings.get("CACHE_PATH", ".cache")) / "charts"))


def on_initialized(pelican) -> None:
    apply_defaults(pelican.settings)


def get_generators(_pelican):
    return PollsGenerator


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.get_generators.connect(get_generators)


def _events(context) -> dict | None:
    site = context.get("meetup")
    if site is None:
        return None
    from meetup.standalone import poll_events

    return poll_events(site)


class PollsGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_defaults(self.settings)
        self.survey = None
        self.aggregates = None
        self.plan = None
        self.charts = {}
        self.rendered = 0

    # -- context -----------------------------------------------------------------------

    def _bodies(self):
        """Every rendered body a directive may sit in: (object, attribute, source file)."""
        for page in self.context.get("pages", []) + self.context.get("hidden_pages", []):
            yield page, "_content", page.source_path
        site = self.context.get("meetup")
        if site is not None:
            root = Path(self.path).parent
            for event in site.events:
                yield event, "body_html", str(root / event.source)
            for talk in site.talks:
                if not talk.inline:
                    yield talk, "body_html", str(root / talk.source)

    def _results(self, survey: str, question: str):
        """The results rows of one meetup's question; KeyError when the polls have none."""
        planned = self.plan.results.get((survey, question))
        if planned is not None:
            return planned
        return results_spec(self.aggregates, survey, question, self.survey.catalog,
                            min_cell=self.settings["POLLS_MIN_CELL"], meetups=self.survey.meetups)

    def _directive_specs(self, found) -> tuple[list, dict]:
        """Charts for trend directives the site plan does not already draw, and the results each
        ``[[poll MEETUP QUESTION]]`` shows (by chart key); problems for unknown ones."""
        specs, results, problems, planned = [], {}, [], {s.key for s in self.plan.specs}
        catalog, min_cell = self.survey.catalog, self.settings["POLLS_MIN_CELL"]
        for _obj, _attr, source, item in found:
            key = item.chart_key()
            try:
                if key is None:
                    raise KeyError("expected [[poll MEETUP QUESTION]] or [[poll-trend QUESTION OPTION [GROUP]]]")
                if item.kind == "poll":
                    results[key] = self._results(*item.args)
                    continue
                if key in planned:
                    continue
                group = item.args[2] if len(item.args) == 3 else None
                spec = trend_spec(self.aggregates, item.args[0], item.args[1], group,
                                  catalog=catalog, min_cell=min_cell)
            except KeyError as exc:
                line, column = directive.line_of(Path(source).read_text(encoding="utf-8"), item.source_text)
                shown = str(Path(source).resolve().relative_to(Path(self.path).resolve().parent))
                problems.append(Problem(shown, line, column, f"poll chart directive: {exc.args[0]}"))
                continue
            planned.add(key)
            specs.append(spec)
        if problems:
            raise PollDataError(problems)
        return specs, results

    def generate_context(self):
        path = survey_folder(self.settings)
        self.context.setdefault("polls_event_figures", {})
        if not path.is_dir():
            return
        min_cell = self.settings["POLLS_MIN_CELL"]
        # most builds change no poll: the survey, aggregates and plan come from the cache then
        planned = load_planned(path, _events(self.context), min_cell, self.settings["POLLS_TREND_URL"],
                               Path(self.settings["CACHE_PATH"]) / "polls-plan.pickle")
        self.survey, self.aggregates, self.plan = planned.survey, planned.aggregates, planned.plan

        found = [(obj, attr, source, item) for obj, attr, source in self._bodies()
                 for item in directive.find(getattr(obj, attr) or "")]
        extra, results = self._directive_specs(found)
        specs = self.plan.specs + extra

        cs = chart_settings(self.settings, Path(self.path).parent)
        report = render_charts(specs, cs.cache_dir, workers=cs.workers, progress=cs.progress, formats=cs.formats)
        self.charts, self.rendered = report.charts, report.rendered
        logger.info("Poll charts: %d rendered, %d from the cache", report.rendered, report.cached)

        figures = Figures(self.get_template("partials/chart"), cs.cache_dir)
        poll_figure = self.get_template("partials/poll_figure")
        # one replacement per body with all its directives: a body may hold several
        rendered: dict[tuple[int, str], tuple[object, dict[str, str]]] = {}
        for obj, attr, _source, item in found:
            key = item.chart_key()
            shown = (Markup(poll_figure.render(figure=question_figure(results[key], self.survey.catalog)))
                     if key in results else figures(self.charts[key]))
            rendered.setdefault((id(obj), attr), (obj, {}))[1][item.text] = shown
        for (_, attr), (obj, charts) in rendered.items():
            setattr(obj, attr, directive.replace(getattr(obj, attr), charts))

        # each meetup's results as HTML figures drawn by the page (partials/poll_figure.html)
        self.context["polls_event_figures"] = {name: figs for name, figs in self.plan.figures.items() if figs}
        self.context["polls_figure"] = figures  # polls_figure(chart): partials/chart.html, kept in the chart cache
        self.context["polls_nav_url"] = self.settings["POLLS_INDEX"]
        self.context["polls_downloads"] = {"csv": self.settings["POLLS_CSV"], "json": self.settings["POLLS_JSON"]}
        self.context["polls_min_cell"] = min_cell

    # -- output ------------------------------------------------------------------------

    def _groups(self) -> dict:
        site = self.context.get("meetup")
        return {g.slug: g for g in site.groups} if site else {}

    def generate_output(self, writer):
        if self.survey is None:
            return
        s = self.settings
        relative = s["RELATIVE_URLS"]
        groups = self._groups()
        pages = self.plan.trend_pages
        for page in pages:
            writer.write_file(
                page.save_as, self.get_template("poll_trend"), self.context, relative_urls=relative,
                page_name="polls", trend=page, group=groups.get(page.group),
                charts=[self.charts[k] for k in page.chart_keys],
            )
        by_group = {}
        for page in pages:
            by_group.setdefault(page.group, []).append(page)
        writer.write_file(
            s["POLLS_INDEX"], self.get_template("polls"), self.context, relative_urls=relative,
            page_name="polls", trend_groups=[(groups.get(g), ps) for g, ps in sorted(by_group.items())],
            attendance_charts=[(groups.get(g), self.charts[k]) for g, k in sorted(self.plan.attendance.items())],
            meetups=self.survey.meetups.to_dict("records"),
        )
        out = Path(self.output_path)
        rows = export_rows(self.aggregates)  # one conversion for both downloads
        for save_as, text in ((s["POLLS_CSV"], csv_text), (s["POLLS_JSON"], json_text)):
            target = out / save_as
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text(self.aggregates, rows), encoding="utf-8", newline="")
        # chart files are named <cache key>.<format>: keep every file of a chart this build shows
        keys = {chart.cache_key for chart in self.charts.values()}
        cache = chart_settings(s, Path(self.path).parent).cache_dir
        prune(Path(cache), lambda name: name.split(".", 1)[0] in keys, keep_days(s))
