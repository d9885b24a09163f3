"""The intrinsic width and height of an image file, read from its header.

The theme writes width and height on every <img> it can, so the browser reserves
the space before the image arrives (no layout shift). Only the few bytes that
state the size are read: SVG (width/height, else the viewBox), PNG, GIF, JPEG
and WebP. No imaging library is needed for that.
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET

_SVG_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


class UnknownSize(ValueError):
    """The bytes are no image this module reads, or they state no size."""


def _positive(width: float, height: float) -> tuple[int, int]:
    if width <= 0 or height <= 0:
        raise UnknownSize("its width or height is zero")
    return max(1, round(width)), max(1, round(height))


def _svg(data: bytes) -> tuple[int, int]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise UnknownSize(f"not well-formed SVG ({exc})") from None
    if root.tag.rsplit("}", 1)[-1] != "svg":
        raise UnknownSize("the file's root element is not <svg>")
    width, height = (_SVG_LENGTH.match(root.get(name, "")) for name in ("width", "height"))
    if width and height:
        return _positive(float(width.group(1)), float(height.group(1)))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            return _positive(float(box[2]), float(box[3]))
        except ValueError:
            pass
    # A percentage or an em is no intrinsic size; without a viewBox there is no ratio either.
    raise UnknownSize("the SVG has neither a width and height in pixels nor a viewBox")


def _jpeg(data: bytes) -> tuple[int, int]:
    at = 2
    while at + 9 <= len(data):
        if data[at] != 0xFF:
            raise UnknownSize("a damaged JPEG (no marker where one should be)")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        if marker in _JPEG_SOF:
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return _positive(width, height)
        at += 2 + length
    raise UnknownSize("a JPEG without a frame header")


def _webp(data: bytes) -> tuple[int, int]:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return _positive(width, height)
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return _positive(width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return _positive((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    raise UnknownSize("a WebP file of a kind not read here")


def image_size(data: bytes) -> tuple[int, int]:
    """(width, height) in pixels of an SVG, PNG, GIF, JPEG or WebP image; UnknownSize otherwise."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24 and data[12:16] == b"IHDR":
        return _positive(*struct.unpack(">II", data[16:24]))
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return _positive(*struct.unpack("<HH", data[6:10]))
    if data.startswith(b"\xff\xd8"):
        return _jpeg(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp(data)
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return _svg(data)
    raise UnknownSize("not an SVG, PNG, GIF, JPEG or WebP image")


def display_width(size: tuple[int, int], height: int) -> int:
    """The width that keeps the image's ratio at ``height`` pixels high."""
    width, natural_height = size
    return max(1, round(width * height / natural_height))
