"""Reading an image's intrinsic size from its header (meetup.imagesize), for <img width height>."""

from __future__ import annotations

import struct

import pytest
from meetup.imagesize import UnknownSize, display_width, image_size

SVG = '<svg xmlns="http://www.w3.org/2000/svg" {}><rect width="1" height="1"/></svg>'


@pytest.mark.parametrize(("attributes", "size"), [
    ('width="320" height="60" viewBox="0 0 32 6"', (320, 60)),  # width and height win
    ('width="120px" height="40px"', (120, 40)),
    ('width="100%" height="100%" viewBox="0 0 240 60"', (240, 60)),  # a percentage is no size
    ('viewBox="0,0,90.5,30"', (90, 30)),  # half rounds to even; commas separate too
])
def test_an_svg_states_its_size_in_width_and_height_or_its_view_box(attributes, size):
    assert image_size(SVG.format(attributes).encode()) == size


def test_an_svg_without_any_size_is_reported():
    with pytest.raises(UnknownSize, match="neither a width and height in pixels nor a viewBox"):
        image_size(SVG.format('width="10em"').encode())


def test_png_gif_and_webp_headers_are_read():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + struct.pack(">II", 640, 480) + b"\x08\x02\x00\x00\x00"
    gif = b"GIF89a" + struct.pack("<HH", 88, 31) + b"\x00" * 4
    webp = b"RIFF\x00\x00\x00\x00WEBPVP8X" + b"\x00" * 8 + (199).to_bytes(3, "little") + (99).to_bytes(3, "little")
    assert [image_size(png), image_size(gif), image_size(webp)] == [(640, 480), (88, 31), (200, 100)]


def test_bytes_of_no_known_image_kind_are_reported():
    with pytest.raises(UnknownSize, match="not an SVG, PNG, GIF, JPEG or WebP image"):
        image_size(b"%PDF-1.7")


def test_the_display_width_keeps_the_ratio():
    assert display_width((400, 100), 48) == 192
    assert display_width((300, 150), 48) == 96
