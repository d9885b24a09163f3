"""The thin Pelican side of the poll engine: read survey/, render charts, write poll pages.

The contract with the site plugin is kernel.contract: the site model arrives by
its ``site_loaded`` signal, and event pages get their meetup's results as HTML figures
(one per topic) through the one ``polls`` object in the template context, as bodies get
the figures of their ``[[poll ...]]`` directives (recorded by the Markdown extension in
directive.py, which ``initialized`` adds to the MARKDOWN setting).  The survey is read once every
generator's context is ready (``all_generators_finalized``), so the order of
PLUGINS does not matter.  Trend pages, the overview and the downloads are
written here.  All state lives on the generator, which Pelican makes anew for
every build.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kernel.cache import cache_folder, keep_days
from kernel.contract import DIRECTIVES_KEY, POLLS_CONTEXT_KEY, PollsContext, site_loaded
from kernel.outputs import write_raw
from kernel.problems import Problem
from kernel.survey_path import survey_folder
from markupsafe import Markup
from meetup.standalone import poll_events
from pelican import signals
from pelican.generators import Generator
from polls.approx import check_range
from polls.charts.cache import chart_cache
from polls.charts.html_figure import question_figure
from polls.charts.render import render_charts
from polls.charts.settings import chart_settings
from polls.errors import NoData, PollDataError

from . import directive, plan_cache
from .figures import Figures
from .settings import apply_defaults

logger = logging.getLogger(__name__)
NO_POLLS = "the site has no poll data (no survey folder at POLLS_PATH): shown as written"


def results_spec(*args, **kwargs):
    """``polls.charts.results_data.results_spec``, imported only for a chart no page plans (pandas)."""
    from polls.charts.results_data import results_spec as make

    return make(*args, **kwargs)


def trend_spec(*args, **kwargs):
    """``polls.charts.trend_data.trend_spec``, imported only for a chart no page plans (pandas)."""
    from polls.charts.trend_data import trend_spec as make

    return make(*args, **kwargs)


def on_initialized(pelican) -> None:
    apply_defaults(pelican.settings)
    install_directive(pelican.settings)


def install_directive(settings: dict) -> None:
    """Every Markdown engine built from the MARKDOWN setting (the site plugin's reader, Pelican's) records
    the directives (kernel.contract, item 3); a new dict, so Pelican's defaults stay as they were."""
    md = dict(settings.get("MARKDOWN") or {})
    if directive.NAME not in md.get("extensions", []):
        md["extensions"] = [*md.get("extensions", []), directive.NAME]
    settings["MARKDOWN"] = md


def get_generators(_pelican):
    return PollsGenerator


def on_all_generators_finalized(generators) -> None:
    for generator in generators:
        if isinstance(generator, PollsGenerator):
            generator.prepare()


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(on_all_generators_finalized)


class PollsGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_defaults(self.settings)
        self.planned = None  # plan_cache.Planned: its survey and aggregates (pandas) load on first use
        self.plan = None
        self.charts = {}
        self.rendered = self.cached = 0
        self.site = None  # the site model, when the site plugin sends it
        # a weak reference: a finished build's generator is not kept alive by the signal
        site_loaded.connect(self._site_loaded)

    def _site_loaded(self, site, **_kwargs) -> None:
        self.site = site

    def figures(self) -> dict:
        """What this build did, for the build's result (benchmarks read it there)."""
        return {"charts_rendered": self.rendered, "charts_cached": self.cached,
                "survey_read": int(self.planned is not None and self.planned.made)}

    # -- context -----------------------------------------------------------------------

    def _directives(self) -> list:
        """Every directive the bodies hold (pages, event recaps, talk writeups), as their readers recorded them."""
        found = [d for page in self.context.get("pages", []) + self.context.get("hidden_pages", [])
                 for d in page.metadata.get(DIRECTIVES_KEY, ())]
        if self.site is not None:
            found += [d for body in self.site.events + self.site.talks for d in body.directives]
        return found

    @staticmethod
    def _problem(item, message: str) -> Problem:
        """A directive's problem, at its line and column in the author's file."""
        return Problem(item.file, item.line, item.column, f"{directive.PREFIX}{message}")

    def _results(self, survey: str, question: str):
        """The results rows of one meetup's question; NoData when the polls have none."""
        planned = self.plan.results.get((survey, question))
        if planned is not None:
            return planned
        return results_spec(self.planned.aggregates, survey, question, self.planned.catalog,
                            min_cell=self.settings["POLLS_MIN_CELL"], meetups=self.planned.survey.meetups)

    def _directive_specs(self, found) -> tuple[list, dict]:
        """Charts for trend directives the site plan does not already draw, and the results each
        ``[[poll MEETUP QUESTION]]`` shows (by chart key); problems for unknown ones."""
        specs, results, problems, planned = [], {}, [], {s.key for s in self.plan.specs}
        catalog, min_cell = self.planned.catalog, self.settings["POLLS_MIN_CELL"]
        for item in found:
            key = directive.chart_key(item)
            if key in planned:
                continue
            try:
                if item.kind == "poll":
                    results[key] = self._results(*item.args)
                    continue
                group = item.args[2] if len(item.args) == 3 else None
                spec = trend_spec(self.planned.aggregates, item.args[0], item.args[1], group,
                                  catalog=catalog, min_cell=min_cell)
            except NoData as exc:  # only "nothing to draw": a bug elsewhere stays a bug
                problems.append(self._problem(item, str(exc)))
                continue
            planned.add(key)
            specs.append(spec)
        if problems:
            raise PollDataError(problems)
        return specs, results

    def generate_context(self):
        # nothing yet: the site model may not be loaded (PLUGINS in either order); see prepare()
        self.context[POLLS_CONTEXT_KEY] = None

    def prepare(self):
        """Read the survey, plan and render the charts, fill directives: once every context is ready."""
        site_loaded.disconnect(self._site_loaded)
        path = survey_folder(self.settings)
        found = self._directives()
        if not path.is_dir():
            # a site may be built without its poll data (the content alone); its directives stay text
            for item in found:
                logger.warning("%s", self._problem(item, NO_POLLS))
            return
        min_cell = self.settings["POLLS_MIN_CELL"]
        events = poll_events(self.site) if self.site is not None else None
        # most builds change no poll: the survey, aggregates and plan come from the cache then
        approx_range = check_range(self.settings["POLLS_APPROX_RANGE"])  # checked at initialized
        self.planned = plan_cache.load_planned(path, events, min_cell, self.settings["POLLS_TREND_URL"],
                                               cache_folder(self.settings, plan_cache.NAME), approx_range)
        self.plan = self.planned.plan

        extra, results = self._directive_specs(found)
        specs = self.plan.specs + extra

        cs = chart_settings(self.settings, Path(self.path).parent)
        report = render_charts(specs, cs.cache_dir, workers=cs.workers, progress=cs.progress, formats=cs.formats)
        self.charts, self.rendered, self.cached = report.charts, report.rendered, report.cached
        logger.info("Poll charts: %d rendered, %d from the cache", report.rendered, report.cached)

        figures = Figures(self.get_template("partials/chart"), cs.cache_dir)
        poll_figure = self.get_template("partials/poll_figure")
        # one figure per distinct directive: the theme and the feed fill each body with them when writing it
        body_figures = {}
        for item in found:
            key = directive.chart_key(item)
            if item.key not in body_figures:
                body_figures[item.key] = (
                    Markup(poll_figure.render(figure=question_figure(results[key], self.planned.catalog)))
                    if key in results else figures(self.charts[key]))

        self.context[POLLS_CONTEXT_KEY] = PollsContext(
            nav_url=self.settings["POLLS_INDEX"],
            downloads={"csv": self.settings["POLLS_CSV"], "json": self.settings["POLLS_JSON"]},
            min_cell=min_cell,
            figure=figures,  # figure(chart): partials/chart.html, kept in the chart cache
            # each meetup's results as HTML figures drawn by the page (partials/poll_figure.html)
            event_figures={name: figs for name, figs in self.plan.figures.items() if figs},
            body_figures=body_figures,
        )

    # -- output ------------------------------------------------------------------------

    def _groups(self) -> dict:
        return {g.slug: g for g in self.site.groups} if self.site else {}

    def generate_output(self, writer):
        if self.planned is None:
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
            polls_tested=sum(page.tested for page in pages),
            attendance_charts=[(groups.get(g), self.charts[k]) for g, k in sorted(self.plan.attendance.items())],
            meetups=self.planned.meetups,
        )
        for save_as, kind in ((s["POLLS_CSV"], "csv"), (s["POLLS_JSON"], "json")):
            text = self.planned.downloads[kind]  # made with the plan (or read from its cache): kept while the same
            write_raw(writer, self.output_path, save_as, lambda text=text: text.encode("utf-8"), self.context, (text,))
        # chart files (and their figures) are named <cache key>.<...>: keep every chart this build shows
        charts = chart_cache(chart_settings(s, Path(self.path).parent).cache_dir)
        for chart in self.charts.values():
            charts.use(chart.cache_key)
        charts.prune(keep_days(s))
