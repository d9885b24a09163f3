"""Link cards: a 1200x630 PNG per event and per talk, for og:image and the feed.

A card names what is shared (title), when (date), who (group, speakers), drawn
with Pillow in the DejaVu Sans font matplotlib ships (no matplotlib import), so
the same words give the same bytes on every machine with the same Pillow and
font; lines are fitted to the card by their measured width. Cards are kept in
the build cache (kernel.cache) under a key of their words, the code of this
module, the versions of Pillow (with its FreeType and zlib) and of matplotlib
(the font files): a damaged entry is drawn again. The cards are files of the
meetup generator's batch, so a cold build draws them side by side with its
pages (recap_build/page_batch.py).
"""

from __future__ import annotations

import importlib.util
import os
import signal
import struct
import zlib
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from kernel.cache import Cache
from kernel.workers import Forked, fork

SIZE_PX = (1200, 630)
NAME = "cards"  # kernel.cache.CACHES
CODE = (Path(__file__).resolve(),)  # this module draws the card: an edit to it draws every card anew
LIBRARIES = ("pillow", "matplotlib")  # the drawing, and the font files matplotlib ships
_BACKGROUND = (0x0A, 0x2A, 0x4F)
_ACCENT = (0x8C, 0xB8, 0xFF)
_TEXT = (0xFF, 0xFF, 0xFF)
# DejaVu Sans as matplotlib ships it (the font the cards and charts have always used)
_FONTS = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
# coverage levels per colour, the background included: 15 colours in all, so a 4-bit PNG,
# and 8 levels are as smooth as 256 on text this size
_LEVELS = 8
_MARGIN = 72  # px left and right
_TITLE_LINES = 3
# (weight, size in px, baseline in px from the top) of each line; the title's lines step down
_KIND = ("bold", 30.56, 112)
_TITLE = ("bold", 61.11, 236)
_TITLE_STEP = 72.45
_PEOPLE = ("regular", 33.33, 496)
_DATE = ("regular", 33.33, 565)
_ELLIPSIS = "…"
AHEAD_LIMIT = 64  # fewer cards due than this are drawn by the batch alone: a process costs more to start
# a card is long runs of one index: zlib's run-length strategy finds them at a third less time than its
# default matching, and makes the file smaller; the level hardly matters to it
_COMPRESS_LEVEL = 1


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


def font_files() -> dict[str, Path]:
    """The font of each weight: matplotlib's copy, found without importing matplotlib."""
    spec = importlib.util.find_spec("matplotlib")
    folder = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"
    return {weight: folder / name for weight, name in _FONTS.items()}


def load_fonts() -> dict[tuple[str, float], object]:
    """The Pillow font of every (weight, size) a card uses; load once per batch of cards."""
    from PIL import ImageFont

    files = font_files()
    # the basic layout engine: the same glyph positions whether or not libraqm is installed
    return {(weight, size): ImageFont.truetype(str(files[weight]), size, layout_engine=ImageFont.Layout.BASIC)
            for weight, size, _ in (_KIND, _TITLE, _PEOPLE, _DATE)}


def _cut(word: str, font, room: float) -> int:
    """How many leading characters of ``word`` fit in ``room`` px (at least one)."""
    end = len(word)
    while end > 1 and font.getlength(word[:end]) > room:
        end -= 1
    return end


def _shorten(words: list[str], font, room: float) -> str:
    """As many leading words as fit in ``room`` px, then "…" if any were left out."""
    line = " ".join(words)
    if font.getlength(line) <= room:
        return line
    for end in range(len(words) - 1, 0, -1):
        line = " ".join(words[:end]) + _ELLIPSIS
        if font.getlength(line) <= room:
            return line
    return words[0][:_cut(words[0], font, room - font.getlength(_ELLIPSIS))] + _ELLIPSIS


def _wrap(words: list[str], font, room: float, most: int) -> list[str]:
    """Words in lines no wider than ``room`` px (a too long word broken), at most ``most`` lines:
    the last one shown ends in "…" when words are left over."""
    if font.getlength(" ".join(words)) <= room:
        return [" ".join(words)]
    # a line measures as its words and spaces: a font kerns within words, not across a space
    space = font.getlength(" ")
    lines, current, width = [], [], 0.0
    for word in words:
        length = font.getlength(word)
        if current and width + space + length <= room:
            current.append(word)
            width += space + length
            continue
        if current:
            lines.append(" ".join(current))
        while length > room:
            end = _cut(word, font, room)
            lines.append(word[:end])
            word = word[end:]
            length = font.getlength(word)
        current, width = [word], length
    lines.append(" ".join(current))
    if len(lines) <= most:
        return lines
    return [*lines[:most - 1], _shorten(" ".join(lines[most - 1:]).split(), font, room)]


def _palette() -> tuple[bytes, bytes, bytes]:
    """Byte tables from ink coverage (0-255) to palette index, for text and accent, and the palette.

    Index 0 is the background, then _LEVELS - 1 shades towards the text colour, then as
    many towards the accent: coverage blended in sRGB as matplotlib's Agg renderer did.
    """
    top = _LEVELS - 1
    shades = [tuple(round(b + (c - b) * level / top) for b, c in zip(_BACKGROUND, colour, strict=True))
              for colour in (_TEXT, _ACCENT) for level in range(1, _LEVELS)]
    text = bytes(round(v * top / 255) for v in range(256))
    accent = bytes(level and level + top for level in text)
    return text, accent, bytes(channel for shade in [_BACKGROUND, *shades] for channel in shade)


_TEXT_TABLE, _ACCENT_TABLE, _PALETTE = _palette()
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _lines(text: CardText, fonts: dict) -> list[tuple[tuple[int, ...], object, int, str]]:
    """(colour, font, baseline, text) of every line on the card, each fitted to the width."""
    room = SIZE_PX[0] - 2 * _MARGIN
    kind = f"{text.kind} · {text.group}" if text.group else text.kind
    title = fonts[_TITLE[:2]]
    lines = [(_ACCENT, fonts[_KIND[:2]], _KIND[2], _shorten(kind.split(), fonts[_KIND[:2]], room))]
    lines += [(_TEXT, title, _TITLE[2] + round(index * _TITLE_STEP), line)
              for index, line in enumerate(_wrap(text.title.split(), title, room, _TITLE_LINES))]
    for colour, (weight, size, baseline), words in ((_TEXT, _PEOPLE, text.people), (_ACCENT, _DATE, text.date)):
        if words:
            lines.append((colour, fonts[weight, size], baseline, _shorten(words.split(), fonts[weight, size], room)))
    return lines


def render_card(text: CardText, fonts: dict | None = None) -> bytes:
    """The card as PNG bytes, exactly SIZE_PX, without a timestamp or software name.

    Each line is drawn with Pillow as a coverage mask of its own size, mapped onto a
    palette of _LEVELS shades per colour and put on the card: a 4-bit PNG that is small
    and quick to compress, the same bytes for the same words.  ``fonts``:
    :func:`load_fonts`, loaded once for many cards.
    """
    from PIL import Image, ImageChops, ImageDraw

    fonts = fonts or load_fonts()
    card = Image.new("L", SIZE_PX)  # palette indices: 0, the background, everywhere
    for colour, font, baseline, line in _lines(text, fonts):
        left, top, right, bottom = font.getbbox(line, anchor="ls")
        if right <= left or bottom <= top:
            continue
        mask = Image.new("L", (right - left, bottom - top))
        ImageDraw.Draw(mask).text((-left, -top), line, font=font, fill=255, anchor="ls")
        box = (_MARGIN + left, baseline + top, _MARGIN + right, baseline + bottom)
        # coverage to palette index by a byte table (Image.point rounds its table anew on every call)
        shades = Image.frombytes("L", mask.size, mask.tobytes().translate(
            _TEXT_TABLE if colour == _TEXT else _ACCENT_TABLE))
        # a tall accent may reach into the line above: keep the inkier pixel of the two
        card.paste(ImageChops.lighter(card.crop(box), shades), box)
    card.putpalette(_PALETTE)
    return _png(card)


def _png(card) -> bytes:
    """``card`` (a palette image of at most 16 colours) as a 4-bit PNG of four chunks.

    Written here rather than by Pillow's PNG plugin, whose encoder took twice as long as
    zlib itself on a card (1.9 ms against 1.0 ms: a cold build draws thousands).
    """
    width, height = card.size
    packed = card.tobytes("raw", "P;4")  # two pixels a byte, each row padded to a whole byte
    row = (width + 1) // 2
    # every row with PNG filter type 0 (none): a card is long runs of one index, which zlib finds alone
    rows = b"".join(b"\0" + packed[at:at + row] for at in range(0, row * height, row))
    compressor = zlib.compressobj(_COMPRESS_LEVEL, zlib.DEFLATED, 15, 9, zlib.Z_RLE)
    chunks = ((b"IHDR", struct.pack(">IIBBBBB", width, height, 4, 3, 0, 0, 0)),  # 4 bits, palette
              (b"PLTE", _PALETTE), (b"IDAT", compressor.compress(rows) + compressor.flush()), (b"IEND", b""))
    return _PNG_SIGNATURE + b"".join(struct.pack(">I", len(body)) + kind + body
                                     + struct.pack(">I", zlib.crc32(kind + body)) for kind, body in chunks)


def engines() -> list[str]:
    """What decides a card's bytes besides the libraries' versions: the FreeType and zlib Pillow uses."""
    from PIL import features

    return [features.version("freetype2") or "", features.version("zlib") or ""]


def card_cache(folder: Path) -> Cache:
    """The card cache in ``folder`` (``cache_folder(settings, "cards")``)."""
    return Cache.of(NAME, folder, code=CODE, libraries=LIBRARIES)


def card_key(text: CardText, cache: Cache, versions: list[str] | None = None) -> str:
    """The cache name of a card: its words, this module's code and the renderer's versions."""
    # its fields are plain strings: vars() is what asdict() gives, without asdict's deep copy (6,000 cards)
    return cache.key(vars(text), versions or engines()) + ".png"


class Drawer:
    """``drawer(name, text)``: the card's PNG from the cache entry ``name`` (:func:`card_key`), drawn into the
    cache when it lacks a sound copy; the fonts are loaded once by each process that draws."""

    def __init__(self, cache: Cache):
        self.cache = cache
        self._fonts: dict | None = None

    def __call__(self, name: str, text: CardText) -> bytes:
        data = self.cache.read(name)
        return self.draw(name, text) if data is None else data

    def draw(self, name: str, text: CardText) -> bytes:
        if self._fonts is None:
            self._fonts = load_fonts()
        data = render_card(text, self._fonts)
        self.cache.write(name, data)
        return data


def draw_ahead(due: list[tuple[str, CardText]], cache: Cache, site: str | Path) -> Forked | None:
    """Start drawing ``due`` ((entry name, words), in the order the build writes them) into ``cache``, in a
    process of its own: a cold build's processes are busy with pages only once the polls are planned, and
    a card drawn here is read from the cache by the batch.  None when too few are due to be worth a process.

    End it with ``end()`` once the batch has written every card: it stops after the card it is drawing.  It
    also stops by itself once the folder ``site`` it draws for is gone (a failed build removes its staging
    folder): it holds the build's lock, inherited from the build, for as long as it runs.
    """
    if len(due) < AHEAD_LIMIT or not hasattr(os, "fork"):
        return None
    return fork(partial(_fill, due, cache, str(site)))


def _fill(due: list[tuple[str, CardText]], cache: Cache, site: str) -> int:
    asked = []
    signal.signal(signal.SIGTERM, lambda *_: asked.append(True))  # between two cards, never within one
    drawer, drawn = Drawer(cache), 0
    for name, text in due:
        if asked or not os.path.isdir(site):
            break
        if not cache.path(name).exists():  # the batch may have drawn it meanwhile
            drawer.draw(name, text)
            drawn += 1
    return drawn
