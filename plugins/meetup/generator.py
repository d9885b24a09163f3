"""The Pelican side of the meetup plugin: read content files, link them, write pages.

All state lives on the generator instance, which Pelican makes anew for every
build, so nothing survives an autoreload.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import weakref
from functools import partial
from pathlib import Path

from kernel.cache import cache_folder, keep_days
from kernel.contract import DIRECTIVES_KEY, POLLS_CONTEXT_KEY, site_loaded
from kernel.outputs import Page, Raw, Shared, kept, write_batch, write_raw
from kernel.problems import InputError, Problem, display_path
from kernel.safepath import link_problems
from kernel.slugs import slug_problem
from markupsafe import Markup
from pelican.generators import Generator

from . import cards, feeds, ical, jsonld, pyvideo, schedule, search, source_cache, subscribe, urls
from .errors import ContentError
from .load import Source, build_site, make_now
from .model import Site
from .reader import FrontMatterReader, markdown_problems, markdown_renderer, parse_ahead
from .settings import apply_defaults, check_autoescape
from .slides import SlidesError, prepare_slides, write_media
from .slides.jsonld import absolute
from .slides.pdf import slide_cache


def on_initialized(pelican) -> None:
    # every problem of the settings file in one build, not one per attempt
    problems = check_autoescape(pelican.settings) + markdown_problems(pelican.settings["MARKDOWN"])
    if problems:
        raise InputError(problems)
    apply_defaults(pelican.settings)
    theme = Path(pelican.settings["THEME"])
    # the theme's static folders are copied into output/ as they are, like content/images
    statics = [theme / name for name in pelican.settings.get("THEME_STATIC_PATHS", ["static"])]
    content = Path(pelican.settings["PATH"])
    _check_links([content, *statics], content.parent)


def _check_links(folders: list[Path], project: Path) -> None:
    """Refuse symlinks that loop or lead out of their folder, before anything is read; name broken ones.

    Pelican follows every link when it collects pages and static files, so a link to
    /etc/passwd would be published and a loop would copy the sources over and over.
    A broken link reads nothing; it is skipped with a warning (a file moved away, not an attack).
    """
    problems = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for found in link_problems(folder):
            problem = Problem(str(Path(display_path(found.link.parent, project)) / found.link.name), 0, 0,
                              found.message)
            if found.broken:
                logger.warning("%s (skipped)", problem)
            else:
                problems.append(problem)
    if problems:
        raise ContentError(problems)


logger = logging.getLogger(__name__)

TALK_FILTERS = (
    ("All talks", None, lambda talk: True),
    ("With slides", "MEETUP_TALKS_WITH_SLIDES", lambda talk: bool(talk.media and talk.media.has_slides)),
    ("With video", "MEETUP_TALKS_WITH_VIDEO", lambda talk: bool(talk.media and talk.media.has_video)),
)


def _first_words(html: str, limit: int = 300) -> str:
    """Plain text of the start of a writeup, for descriptions in structured data."""
    text = " ".join(Markup(html).striptags().split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _group_links(groups: list, current: str) -> list[dict]:
    """The group filter of the talks index: "All groups" and one link per group, real groups first."""
    return [{"label": group.name if group else "All groups", "url": urls.url_of(save_as), "current": save_as == current}
            for group, save_as in groups]


def get_generators(_pelican):
    return MeetupGenerator


class _Raw:
    """content_class for Readers.read_file: keep what the reader returned, build nothing."""

    def __init__(self, content, metadata, settings, source_path, context):
        self.content = content
        self.metadata = metadata
        self.source_path = source_path


class MeetupGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_defaults(self.settings)
        self.site: Site | None = None
        self.batch: list[Page | Raw] = []  # this build's pages, schedules and PyVideo records, written as one batch
        self.cards: list[tuple[str, str, cards.CardText]] = []  # (path, cache entry, words) of every link card
        self.cards_ahead: weakref.finalize | None = None  # ends the process drawing cards ahead (draw_ahead)
        self.card_drawer: cards.Drawer | None = None
        self.valid_until: dt.datetime | None = None  # when "upcoming" stops being true of some event
        self.now: dt.datetime | None = None

    # -- reading -----------------------------------------------------------------------

    def _display(self, path: str) -> str:
        return display_path(path, Path(self.path).parent)

    def _sources(self) -> list[Source]:
        sources, problems = [], []
        files = [(kind, rel) for kind, folder in sorted(self.settings["MEETUP_PATHS"].items())
                 if os.path.isdir(os.path.join(self.path, folder))
                 for rel in sorted(self.get_files(folder, extensions=("md", "markdown")))
                 if os.path.exists(os.path.join(self.path, rel))]  # a broken link is named when the build starts
        reader = self.readers.readers.get("md")
        if isinstance(reader, FrontMatterReader):  # the files the cache lacks parsed side by side first
            parse_ahead(reader, [os.path.abspath(os.path.join(self.path, rel)) for _, rel in files])
        for kind, rel in files:
            try:
                raw = self.readers.read_file(self.path, rel, content_class=_Raw, context=self.context)
            except ContentError as exc:
                problems += exc.problems
                continue
            doc = raw.metadata["_document"]
            slug = str(doc.data.get("slug") or Path(rel).stem)
            sources.append(Source(kind, self._display(raw.source_path), slug, doc, raw.content,
                                  raw.metadata[DIRECTIVES_KEY]))
        if problems:
            raise ContentError(problems)
        return sources

    def _reserved(self, site: Site) -> dict[str, str]:
        """The pages the plugin writes itself, with how an organizer would name them."""
        s = self.settings
        reserved = {"index.html": "the home page"}
        for key in (
            "MEETUP_EVENTS_INDEX",
            "MEETUP_TALKS_INDEX",
            "MEETUP_TALKS_WITH_SLIDES",
            "MEETUP_TALKS_WITH_VIDEO",
            "MEETUP_SPEAKERS_INDEX",
            "MEETUP_SPONSORS_INDEX",
            "MEETUP_SEARCH_PAGE",
        ):
            reserved[s[key]] = f"an index page ({key})"
        for tag, save_as in urls.tag_pages(site.tags, s).items():
            reserved[save_as] = f"the page of talks tagged {tag!r}"
        if site.several_groups:
            for group in site.groups:
                reserved[group.save_as] = group.source
                reserved[urls.group_talks_url(group, s)] = f"the page of talks of {group.name}"
        return reserved

    def _page_slug_problems(self) -> list[Problem]:
        """A plain page's `slug:` obeys the same rule as ours: `slug: ../events/x` would write into events/."""
        problems = []
        for page in self.context.get("pages", []) + self.context.get("hidden_pages", []):
            doc = page.metadata.get("_document")
            given = str(doc.data.get("slug") or "") if doc else ""
            if given and slug_problem(given):
                line, column = doc.where("slug")
                problems.append(Problem(self._display(page.source_path), line, column, slug_problem(given)))
        return problems

    def _check_claims(self, site: Site) -> None:
        """Two files may not write the same page (ours, a Pelican page, or an index the plugin writes)."""
        owners = self._reserved(site)
        claims = [
            (page.save_as, self._display(page.source_path))
            for page in self.context.get("pages", []) + self.context.get("hidden_pages", [])
        ]
        problems = []
        for save_as, source in claims + urls.claims(site):
            if save_as in owners and owners[save_as] != source:
                problems.append(Problem(source, 1, 1, f"URL {save_as} is also claimed by {owners[save_as]}"))
            owners.setdefault(save_as, source)
        if problems:
            raise ContentError(problems)

    def _cache_dir(self) -> Path:
        return Path(self.settings["CACHE_PATH"])  # the slides take the root: they know their cache's name

    def _prepare_media(self, site: Site) -> None:
        """Slides and recordings for every talk that has any; all problems at once."""
        problems = []
        for talk in site.talks:
            if not (talk.slides or talk.video or talk.transcript or talk.captions):
                continue
            try:
                talk.media = prepare_slides(
                    talk.slug,
                    talk.title,
                    talk.slides or None,
                    talk.video or None,
                    content_root=Path(self.path),
                    cache_dir=self._cache_dir(),
                    settings=self.settings,
                    talk_source=talk.source,
                    video_date=talk.video_date or None,
                    description=_first_words(talk.body_html) or None,
                    captions=talk.captions or None,
                    transcript=talk.transcript or None,
                    language=talk.language or self.settings.get("DEFAULT_LANG") or "en",
                )
            except SlidesError as exc:
                problems += exc.problems
                continue
            for warning in talk.media.warnings:
                logger.warning("%s", warning)
        if problems:
            raise ContentError(problems)

    def generate_context(self):
        render = markdown_renderer(self.settings["MARKDOWN"])
        # the front matter's Markdown values (inline talks' abstracts) kept like the files they stand in:
        # the shelf's key covers the settings and the code, so what decides ``render`` too
        shelf = source_cache.shelf(self.settings, "front matter values")
        page_problems = self._page_slug_problems()
        try:
            site = build_site(self._sources(), render, self.settings, shelf or make_now)
        except ContentError as exc:
            raise ContentError(sorted(page_problems + exc.problems)) from None
        finally:
            if shelf is not None:  # values are kept with their problems: a build that failed made them too
                shelf.close()
        if page_problems:
            raise ContentError(page_problems)
        urls.assign(site, self.settings)
        self._check_claims(site)
        self._prepare_media(site)
        self.site = site
        now = self.settings["MEETUP_NOW"] or dt.datetime.now(dt.UTC)
        if isinstance(now, str):
            now = dt.datetime.fromisoformat(now)
        self.now = now
        self.context["meetup"] = site
        self.context["meetup_now"] = now
        self.context["meetup_upcoming"] = [e for e in site.events if e.is_upcoming(now)]
        # what the home page opens with: each group's next event that takes place (None: to be
        # announced), real groups first; a cancelled one still shows among the upcoming cards
        self.context["meetup_next"] = [
            (group, next((e for e in group.events if e.is_upcoming(now) and e.status != "cancelled"), None))
            for group in sorted(site.groups, key=lambda g: g.demo)
        ]
        # the pages hold until the next upcoming event is over, a call for speakers closes or a
        # join link is withdrawn; a pinned clock never moves
        calls = [c for c in [e.call_for_speakers for e in site.events] + [g.call_for_speakers for g in site.groups]
                 if c and c.closes and c.is_open(now)]
        joins = [e.over_at for e in site.events if e.join_link(now)]
        self.valid_until = None if self.settings["MEETUP_NOW"] else min(
            [e.end or e.start for e in self.context["meetup_upcoming"]] + [c.closes for c in calls] + joins,
            default=None)
        self.context["meetup_past"] = [e for e in reversed(site.events) if not e.is_upcoming(now)]
        tag_pages = urls.tag_pages(site.tags, self.settings)
        self.context["meetup_tag_url"] = lambda tag: urls.url_of(tag_pages[tag])
        self.context["meetup_event_urls"] = {e.slug: e.url for e in site.events}
        siteurl = self.settings.get("SITEURL", "")
        self.context["meetup_webcal"] = lambda path: subscribe.webcal_url(siteurl, path)
        self.context["meetup_add_to_calendar"] = lambda event: subscribe.add_links(event, siteurl)
        self._plan_cards(site)  # drawn while the polls are planned
        site_loaded.send(site)  # kernel.contract: the polls glue reads its events from here

    # -- writing -----------------------------------------------------------------------

    def _page(self, writer, save_as: str, template: str, **kwargs) -> None:
        """Add the page ``save_as`` to the batch :meth:`generate_output` writes at its end, side by side."""
        self.batch.append(Page(save_as, self.get_template(template),
                               {"relative_urls": self.settings["RELATIVE_URLS"], **kwargs}))

    def _bytes(self, writer, save_as: str, make, *parts) -> int:
        """The file ``save_as`` made by ``make()``, kept from the live site while its reads and ``parts`` hold."""
        return write_raw(writer, self.output_path, save_as, make, self.context, parts)

    def _plan_cards(self, site: Site) -> None:
        """Name every event's and talk's link card; start drawing the ones the card cache lacks ahead of the
        batch that writes them (:func:`cards.draw_ahead`)."""
        cache = cards.card_cache(cache_folder(self.settings, cards.NAME))
        versions = cards.engines()
        self.cards = []
        for item, text in [*((event, cards.event_card(event)) for event in site.events),
                           *((talk, cards.talk_card(talk)) for talk in site.talks)]:
            item.card = cards.card_path(item.save_as)
            name = cards.card_key(text, cache, versions)
            cache.use(name)  # kept from the live site or not, its entry stays for the next edit
            self.cards.append((item.card, name, text))
        cache.prune(keep_days(self.settings))  # every card of this site was counted as used above
        held = cache.held()
        ahead = cards.draw_ahead([(name, text) for _, name, text in self.cards if name not in held],
                                 cache, self.output_path)
        # ended once the batch has written every card; a failed build removes the folder it draws for, which
        # stops it, and it is ended when the generator is dropped
        self.cards_ahead = weakref.finalize(self, ahead.end) if ahead else None
        self.card_drawer = cards.Drawer(cache)

    def _cards(self) -> None:
        """A link card beside every event and talk page, last in the batch: each one kept from the live site
        while its words hold, else read from the card cache (drawn ahead) or drawn by the process writing it."""
        for path, name, text in self.cards:
            # a card is its words drawn by the card code (which the ledger's head covers)
            self.batch.append(Raw(path, partial(self.card_drawer, name, text), (text,)))

    def _calendar(self, writer, save_as: str, make) -> None:
        """A calendar file, kept from the live site now when its reads hold, else made in the batch.

        Checked here, before the batch forks: most of what a calendar reads, the pages read too, and
        what is checked here is checked once for every process of the batch.
        """
        if kept(writer, save_as, self.context) is None:
            self.batch.append(Raw(save_as, make))

    def _talk_indexes(self, writer, site: Site) -> None:
        """The talks index plus plain static filter pages (talks with slides, with video)."""
        filters = [
            (label, self.settings[key] if key else self.settings["MEETUP_TALKS_INDEX"], keep)
            for label, key, keep in TALK_FILTERS
        ]
        # a site with several groups also gets one static page per group: a filter that needs no script
        groups = [(None, self.settings["MEETUP_TALKS_INDEX"])] + [
            (g, urls.group_talks_url(g, self.settings)) for g in sorted(site.groups, key=lambda g: g.demo)
        ] if site.several_groups else []
        pages = [(save_as, {"filter_label": label, "talks": [t for t in site.talks if keep(t)],
                            "talks_filters": [{"label": lbl, "url": url, "current": url == save_as}
                                              for lbl, url, _ in filters]})
                 for label, save_as, keep in filters]
        pages += [(save_as, {"filter_label": "All talks", "talks_group": group,
                             "talks": [t for t in site.talks if t.event.group is group]})
                  for group, save_as in groups[1:]]
        for save_as, kwargs in pages:
            self._page(writer, save_as, "talks", page_name="talks", tag=None,
                       group_filters=_group_links(groups, save_as), **kwargs)

    def _head(self, name: str, ics_path: str, page_path: str) -> ical.Head:
        siteurl = self.settings.get("SITEURL", "")
        return ical.Head(
            name,
            dt.timedelta(hours=self.settings["MEETUP_CALENDAR_REFRESH_HOURS"]),
            source=absolute(siteurl, ics_path) or "",
            url=absolute(siteurl, page_path) or "",
        )

    def _schedule(self, owner, describe) -> None:
        """``owner``'s schedule.xml and schedule.json (an event or a group: their paths and URLs).

        ``describe()`` gives the schedule's (title, slug, events, page URL); it runs while
        the file is made, so what it reads is what the file depends on.
        """
        s = self.settings
        for save_as, url, encode in (("schedule_xml_save_as", "schedule_xml_url", schedule.to_xml),
                                     ("schedule_json_save_as", "schedule_json_url", schedule.to_json)):
            def make(url=url, encode=encode):
                # each file its own data: without an absolute SITEURL, links are relative to the file
                context = schedule.Context(s.get("SITEURL", ""), s["MEETUP_UID_DOMAIN"], getattr(owner, url),
                                           s["MEETUP_SCHEDULE_SLOT_MINUTES"])
                return encode(schedule.schedule_data(*describe(), context))
            self.batch.append(Raw(getattr(owner, save_as), make))

    def _schedules(self, site: Site) -> None:
        """schedule.xml and schedule.json per event and per group that has events; PyVideo records."""
        for event in site.events:
            self._schedule(event, lambda e=event: (e.title, e.slug, [e], e.url))
        events_page = urls.url_of(self.settings["MEETUP_EVENTS_INDEX"])
        for group in site.groups:
            if group.events:
                self._schedule(group, lambda g=group: (
                    g.name, g.slug, g.events, g.page_url if site.several_groups else events_page))
        siteurl = self.settings.get("SITEURL", "")
        for talk in site.talks:
            if pyvideo.record(talk, siteurl, talk.pyvideo_url) is not None:
                record = lambda talk=talk: pyvideo.to_json(pyvideo.record(talk, siteurl, talk.pyvideo_url))  # noqa: E731
                self.batch.append(Raw(talk.pyvideo_save_as, record))

    def generate_output(self, writer):
        site, s = self.site, self.settings
        siteurl = s.get("SITEURL", "")
        name = s.get("SITENAME", "")
        calendars = ical.Calendars(s["MEETUP_UID_DOMAIN"], siteurl,
                                   ical.calendar_cache(cache_folder(s, ical.NAME)))

        self.batch = []
        self._page(writer, "index.html", "index", page_name="index")
        self._page(writer, s["MEETUP_EVENTS_INDEX"], "events", page_name="events")
        self._talk_indexes(writer, site)
        self._page(writer, s["MEETUP_SPEAKERS_INDEX"], "speakers", page_name="speakers")
        self._page(writer, s["MEETUP_SPONSORS_INDEX"], "sponsors", page_name="sponsors")
        self._page(writer, s["MEETUP_SEARCH_PAGE"], "search", page_name="search", search_bundle=search.BUNDLE)
        tag_pages = urls.tag_pages(site.tags, s)
        for tag, talks in site.tags.items():
            self._page(writer, tag_pages[tag], "talks", page_name="talks", talks=talks, tag=tag)
        if site.several_groups:
            for group in site.groups:
                self._page(writer, group.save_as, "group", group=group, page_name="group")

        for event in site.events:
            self._page(
                writer,
                event.save_as,
                "event",
                event=event,
                page_name="event",
                # example data is not offered to search engines as a real event
                jsonld=None if event.demo else jsonld.script_json(jsonld.event_data(event, siteurl, name, self.now)),
            )
            self._calendar(writer, event.ics_save_as, lambda e=event: calendars.calendar(
                self._head(e.title, e.ics_url, e.url), [calendars.event(e)]))
        for talk in site.talks:
            self._page(writer, talk.save_as, "talk", talk=talk, event=talk.event, page_name="talk")
            if talk.media:
                write_media(talk.media, Path(self.path), Path(self.output_path), self._cache_dir())
                if talk.media.deck:
                    self._page(
                        writer, talk.media.deck.output, "deck", deck=talk.media.deck, talk=talk, page_name="deck"
                    )
        for person in site.people:
            self._page(writer, person.save_as, "speaker", person=person, page_name="speaker")
            self._calendar(writer, person.ics_save_as, lambda p=person: calendars.calendar(
                self._head(f"Talks by {p.name}", p.ics_url, p.url), [calendars.talk(t) for t in p.talks]))
        # a one-group site has no group pages: its all-events calendar is the group's calendar
        for group in site.groups if site.several_groups else []:
            self._calendar(writer, group.ics_save_as, lambda g=group: calendars.calendar(
                self._head(g.name, g.ics_url, g.page_url), [calendars.event(e) for e in g.events]))

        self._calendar(writer, s["MEETUP_CALENDAR"], lambda: calendars.calendar(
            self._head(name, urls.url_of(s["MEETUP_CALENDAR"]), urls.url_of(s["MEETUP_EVENTS_INDEX"])),
            # fictional example events stay out of the calendar people subscribe to
            [calendars.event(e) for e in site.events if not e.demo]))
        self._schedules(site)
        slides = slide_cache(self._cache_dir())
        for talk in site.talks:
            if talk.media and talk.media.pdf:
                slides.use(talk.media.pdf.cache_key)
        slides.prune(keep_days(s))
        self._cards()  # last in the batch: the most time for drawing them ahead
        # last: every file a page links to is made, and the batch may fork (no page reads another's file);
        # the calendar entries its children serialise come back, so the next edit serialises only its own
        write_batch(writer, self.output_path, self.batch, self.context,
                    Shared(calendars.serialised, calendars.learn))
        # entries of calendars kept from the live site stay in the cache too
        calendars.save(retain=[*site.events, *site.talks])
        if self.cards_ahead:
            self.cards_ahead()
        # the feed carries each event's card with its size: made once the batch has made the cards
        card_sizes = {event.card: os.path.getsize(os.path.join(self.output_path, event.card)) for event in site.events}
        polls = self.context.get(POLLS_CONTEXT_KEY)  # kernel.contract: the figures of the recaps' directives
        figures = polls.body_figures if polls else {}
        self._bytes(writer, s["MEETUP_FEED"],
                    lambda: feeds.events_feed(site.events, name, siteurl, s["MEETUP_FEED"], card_sizes,
                                              body=lambda e: e.directives.fill(e.body_html, figures) if e.directives
                                              else e.body_html).encode(),
                    card_sizes, figures)
