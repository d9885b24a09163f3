"""How a link card is drawn: its lines, colours and margins, its PNG, its cache key, its workers.

The cards are read back as pixels (Pillow decodes them; the PNG chunks are read
by hand): a line of text is a band of rows that differ from the background.
"""

from __future__ import annotations

import struct
import time
import zlib
from collections import Counter
from pathlib import Path

import pytest
from kernel.cache import Cache
from meetup import cards
from PIL import Image

BACKGROUND = (0x0A, 0x2A, 0x4F)
WHITE = (0xFF, 0xFF, 0xFF)
ACCENT = (0x8C, 0xB8, 0xFF)
LONG_TITLE = ("Ownership, borrowing and lifetimes: how Rust keeps memory safe without a garbage collector "
              "in production systems of every size")
MANY_PEOPLE = ", ".join(f"Speaker Number{n} Withalongsurname" for n in range(12))


def talk(title=LONG_TITLE, people="Ada Lovelace, Alan Turing", group="Rust Prague") -> cards.CardText:
    return cards.CardText(title, "Tuesday 20 October 2015", group, people, "Talk")


def pixels(png: bytes, tmp_path) -> Image.Image:
    path = tmp_path / "card.png"
    path.write_bytes(png)
    return Image.open(path).convert("RGB")


def bands(image: Image.Image) -> list[tuple[int, int]]:
    """(first, last) row of each run of rows with any pixel other than the background."""
    width, height = image.size
    data = image.load()
    inked = [any(data[x, y] != BACKGROUND for x in range(width)) for y in range(height)]
    runs, start = [], None
    for y, ink in enumerate([*inked, False]):
        if ink and start is None:
            start = y
        elif not ink and start is not None:
            runs.append((start, y - 1))
            start = None
    return runs


def ink_columns(image: Image.Image) -> tuple[int, int]:
    width, height = image.size
    data = image.load()
    columns = [x for x in range(width) if any(data[x, y] != BACKGROUND for y in range(height))]
    return columns[0], columns[-1]


def commonest_ink(image: Image.Image, band: tuple[int, int]) -> tuple[int, int, int]:
    colours = Counter({colour: count for count, colour in
                       image.crop((0, band[0], image.size[0], band[1] + 1)).getcolors(1 << 16)})
    del colours[BACKGROUND]
    return colours.most_common(1)[0][0]


def chunk_types(png: bytes) -> list[bytes]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    types, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at:at + 4])
        kind, body, crc = png[at + 4:at + 8], png[at + 8:at + 8 + length], png[at + 8 + length:at + 12 + length]
        assert struct.unpack(">I", crc)[0] == zlib.crc32(kind + body)
        types.append(kind)
        at += 12 + length
    return types


def luminance(colour: tuple[int, int, int]) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one, other) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_a_card_is_a_1200_by_630_png_with_no_timestamp_or_software_name(tmp_path):
    png = cards.render_card(talk())
    assert pixels(png, tmp_path).size == (1200, 630)
    assert set(chunk_types(png)) == {b"IHDR", b"PLTE", b"IDAT", b"IEND"}


def test_a_long_title_takes_three_lines_between_the_label_and_the_speakers_and_date(tmp_path):
    # label, three title lines, speakers, date
    assert len(bands(pixels(cards.render_card(talk()), tmp_path))) == 6


def test_a_short_event_title_is_one_line_between_the_label_and_the_date(tmp_path):
    card = cards.CardText("Docker Brno #2", "Thursday 15 October 2015", "Docker Brno", "", "Meetup")
    assert len(bands(pixels(cards.render_card(card), tmp_path))) == 3


@pytest.mark.parametrize("card", [
    talk(people=MANY_PEOPLE),
    talk(title="Supercalifragilisticexpialidociousextraordinarilylongwordwithoutanyspacesatall" * 2),
    talk(group="The Very Long Name Of A Meetup Group That Goes On And On Across The Whole Card And More"),
], ids=["many speakers", "one long word", "long group name"])
def test_every_line_stays_inside_the_cards_margins(tmp_path, card):
    left, right = ink_columns(pixels(cards.render_card(card), tmp_path))
    assert left >= 60 and right <= 1200 - 60


def test_the_title_is_white_and_label_and_date_the_accent_colour_both_readable_on_the_background(tmp_path):
    image = pixels(cards.render_card(talk()), tmp_path)
    label, *title, people, date = bands(image)
    assert [commonest_ink(image, band) for band in (label, *title, people, date)] == [
        ACCENT, WHITE, WHITE, WHITE, WHITE, ACCENT]
    assert contrast(WHITE, BACKGROUND) >= 4.5 and contrast(ACCENT, BACKGROUND) >= 4.5


def test_the_group_name_follows_the_label(tmp_path):
    def label_width(card) -> int:
        image = pixels(cards.render_card(card), tmp_path)
        first, last = bands(image)[0]
        left, right = ink_columns(image.crop((0, first, 1200, last + 1)))
        return right - left

    assert label_width(talk(group="Rust Prague")) > label_width(talk(group="")) + 100


def test_the_same_words_give_the_same_bytes_and_other_words_other_bytes():
    assert cards.render_card(talk()) == cards.render_card(talk())
    assert cards.render_card(talk()) != cards.render_card(talk(title="Ownership"))


def test_the_cache_key_changes_with_the_drawing_code_and_the_renderer(tmp_path):
    code = tmp_path / "cards.py"
    code.write_bytes(Path(cards.__file__).read_bytes())
    versions = ["2.14.3", "1.2.13"]  # FreeType, zlib
    key = cards.card_key(talk(), Cache(tmp_path, code=[code], libraries=cards.LIBRARIES), versions)
    assert cards.card_key(talk(), Cache(tmp_path, code=[code], libraries=cards.LIBRARIES), versions) == key
    assert cards.card_key(talk(), Cache(tmp_path, code=[code], libraries=cards.LIBRARIES), ["2.14.4", "1.2.13"]) != key
    assert cards.card_key(talk(), Cache(tmp_path, code=[code], libraries=["pillow"]), versions) != key
    code.write_bytes(code.read_bytes() + b"\n# an edit to the drawing\n")
    assert cards.card_key(talk(), Cache(tmp_path, code=[code], libraries=cards.LIBRARIES), versions) != key


def test_a_card_missing_from_the_cache_is_drawn_into_it(tmp_path):
    cache = cards.card_cache(tmp_path)
    name = cards.card_key(talk(), cache)
    assert cards.Drawer(cache)(name, talk()) == cards.render_card(talk())
    assert cache.read(name) == cards.render_card(talk())


def test_cards_in_the_cache_are_read_not_drawn(tmp_path, monkeypatch):
    texts = [talk(), talk(title="Ownership")]
    names = [cards.card_key(text, cards.card_cache(tmp_path)) for text in texts]
    first = [cards.Drawer(cards.card_cache(tmp_path))(name, text) for name, text in zip(names, texts, strict=True)]
    monkeypatch.setattr(cards, "render_card", lambda *args: pytest.fail("a cached card was drawn again"))
    again = cards.Drawer(cards.card_cache(tmp_path))
    assert [again(name, text) for name, text in zip(names, texts, strict=True)] == first
    assert len(list(tmp_path.glob("*.png"))) == 2


def test_a_damaged_card_in_the_cache_is_drawn_again(tmp_path):
    cache = cards.card_cache(tmp_path)
    name = cards.card_key(talk(), cache)
    cards.Drawer(cache)(name, talk())
    cache.path(name).write_bytes(b"not a png")
    assert cards.Drawer(cards.card_cache(tmp_path))(name, talk()) == cards.render_card(talk())


def due(cache: Cache, count: int) -> list[tuple[str, cards.CardText]]:
    texts = [talk(title=f"Talk number {n} about containers") for n in range(count)]
    return [(cards.card_key(text, cache), text) for text in texts]


def test_cards_drawn_ahead_are_in_the_cache_as_the_bytes_drawn_here(tmp_path):
    cache = cards.card_cache(tmp_path)
    cards_due = due(cache, cards.AHEAD_LIMIT + 2)
    ahead = cards.draw_ahead(cards_due, cache, tmp_path)
    assert ahead.result() == len(cards_due)
    name, text = cards_due[-1]
    assert cache.read(name) == cards.render_card(text)


def test_a_card_the_cache_has_is_not_drawn_ahead_again(tmp_path):
    cache = cards.card_cache(tmp_path)
    cards_due = due(cache, cards.AHEAD_LIMIT + 2)
    cards.Drawer(cache)(*cards_due[0])
    assert cards.draw_ahead(cards_due, cache, tmp_path).result() == len(cards_due) - 1


def test_too_few_cards_are_not_drawn_ahead(tmp_path):
    cache = cards.card_cache(tmp_path)
    assert cards.draw_ahead(due(cache, cards.AHEAD_LIMIT - 1), cache, tmp_path) is None


def test_drawing_ahead_ended_early_leaves_only_sound_entries(tmp_path):
    cache = cards.card_cache(tmp_path)
    cards_due = due(cache, 400)
    ahead = cards.draw_ahead(cards_due, cache, tmp_path)
    time.sleep(0.2)
    ahead.end()  # stops after the card it is drawing, never within one
    written = sorted(p.name for p in tmp_path.iterdir())
    assert not [name for name in written if name.endswith(".tmp")]
    drawn = [(name, text) for name, text in cards_due if cache.path(name).exists()]
    assert len(drawn) < len(cards_due)
    assert all(cache.read(name) == cards.render_card(text) for name, text in drawn[-2:])


def test_drawing_ahead_stops_by_itself_once_the_site_it_draws_for_is_gone(tmp_path):
    cache, site = cards.card_cache(tmp_path / "cache"), tmp_path / "staging"
    site.mkdir()
    cards_due = due(cache, 400)
    ahead = cards.draw_ahead(cards_due, cache, site)
    time.sleep(0.2)
    site.rmdir()  # a failed build removes its staging folder; the process would hold the build's lock
    assert ahead.result() < len(cards_due)
