"""Link cards: a 1200x630 PNG per event and per talk, for og:image and the feed.

A card names what is shared (title), when (date), who (group, speakers), drawn
with matplotlib's Agg renderer and the DejaVu Sans font it ships, so the same
words give the same bytes on every machine with the same matplotlib. Cards are
kept in the build cache (kernel.cache) under a key of their words, the code of
this module and the matplotlib version: a damaged entry is drawn again.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import asdict, dataclass
from pathlib import Path

from kernel.cache import Cache

SIZE_PX = (1200, 630)
_DPI = 100
NAME = "cards"  # kernel.cache.CACHES
CODE = (Path(__file__).resolve(),)  # this module draws the card: an edit to it draws every card anew
LIBRARIES = ("matplotlib",)
_BACKGROUND = "#0a2a4f"
_ACCENT = "#8cb8ff"
_TEXT = "#ffffff"
_FONT = "DejaVu Sans"
_TITLE_WRAP = 32  # characters per title line at the title size
_TITLE_LINES = 3


@dataclass(frozen=True)
class CardText:
    """Everything a card shows: plain strings, nothing else goes into the picture."""

    title: str
    date: str
    group: str
    people: str  # "Ada Lovelace, Alan Turing"; "" for an event card
    kind: str  # "Meetup" or "Talk", the small label above the title


def card_date(start) -> str:
    """"Tuesday 20 October 2015": the day, spelled out the same whatever the locale."""
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
    return f"{days[start.weekday()]} {start.day} {months[start.month - 1]} {start.year}"


def event_card(event) -> CardText:
    group = event.group.name if event.group else ""
    return CardText(event.title, card_date(event.start), group, "", "Meetup")


def talk_card(talk) -> CardText:
    group = talk.event.group.name if talk.event.group else ""
    people = ", ".join(role.person.name for role in talk.speakers)
    return CardText(talk.title, card_date(talk.event.start), group, people, "Talk")


def card_path(save_as: str) -> str:
    """Where a page's card goes: card.png beside the page (events/<slug>/card.png)."""
    folder = save_as.rsplit("/", 1)[0] if "/" in save_as else ""
    return f"{folder}/card.png" if folder else "card.png"


def _title_lines(title: str) -> list[str]:
    lines = textwrap.wrap(" ".join(title.split()), _TITLE_WRAP, break_long_words=True) or [""]
    if len(lines) > _TITLE_LINES:
        lines = lines[:_TITLE_LINES]
        lines[-1] = lines[-1][: _TITLE_WRAP - 1].rstrip() + "…"
    return lines


def render_card(text: CardText) -> bytes:
    """The card as PNG bytes, exactly SIZE_PX, without a timestamp or software name."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    width, height = SIZE_PX
    figure = Figure(figsize=(width / _DPI, height / _DPI), dpi=_DPI, facecolor=_BACKGROUND)
    FigureCanvasAgg(figure)
    font = {"family": "sans-serif", "fontname": _FONT}
    figure.text(0.06, 0.86, f"{text.kind} · {text.group}" if text.group else text.kind,
                color=_ACCENT, fontsize=22, fontweight="bold", va="top", **font)
    y = 0.70
    for line in _title_lines(text.title):
        figure.text(0.06, y, line, color=_TEXT, fontsize=44, fontweight="bold", va="top", **font)
        y -= 0.115
    if text.people:
        figure.text(0.06, 0.20, textwrap.shorten(text.people, 70, placeholder="…"),
                    color=_TEXT, fontsize=24, va="bottom", **font)
    figure.text(0.06, 0.09, text.date, color=_ACCENT, fontsize=24, va="bottom", **font)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI, facecolor=_BACKGROUND, metadata={"Software": None})
    return buffer.getvalue()


def card_cache(folder: Path) -> Cache:
    """The card cache in ``folder`` (``cache_folder(settings, "cards")``)."""
    return Cache.of(NAME, folder, code=CODE, libraries=LIBRARIES)


def card_key(text: CardText, cache: Cache) -> str:
    """The cache name of a card: its words, this module's code and the renderer's version."""
    return cache.key(asdict(text)) + ".png"


def cached_card(text: CardText, cache: Cache) -> tuple[str, bytes]:
    """(cache entry name, PNG bytes) of the card, drawn only when the cache lacks a sound copy."""
    name = card_key(text, cache)
    data = cache.read(name)
    if data is None:
        data = render_card(text)
        cache.write(name, data)
    return name, data
