"""Which text encoding a poll export was saved in, decided the same way every time.

Form tools and spreadsheets save CSV as UTF-8 (with or without a byte-order mark),
or in a legacy code page: cp1250 on Czech Windows, Mac Roman from old Excel for Mac.
UTF-8 is checked exactly; a legacy file is handed to charset-normalizer restricted
to the code pages below.  Mac Roman and cp1250 decode almost any byte string, so
the pick is made on charset-normalizer's measures with a fixed tie order, never on
whichever candidate it lists first:

1. the lowest "mess" (chaos): Mac Roman text read as cp1250 turns its no-break
   spaces (0xCA) and curly quotes (0xD2-0xD5) into stray capitals such as "Ę" and
   "Ő" inside words, which counts as mess; Czech cp1250 read as Mac Roman turns
   "ř", "ě", "š" into symbols and accented capitals inside words, likewise;
2. then the highest language coherence;
3. then the order of LEGACY_ENCODINGS.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from ..errors import Problem

LEGACY_ENCODINGS = ("cp1250", "mac_roman", "cp1252", "iso8859_2")
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
SAMPLE_BYTES = 256 * 1024
MAX_REPORTED = 10

_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")


@dataclass(frozen=True)
class Detected:
    """The encoding chosen for a file (empty when it cannot be decoded) and any problems."""

    encoding: str
    problems: tuple[Problem, ...] = ()


def detect_encoding(raw: bytes, file: str, declared: str | None = None) -> Detected:
    """Decide how to decode ``raw``; ``declared`` (from index.yaml) is checked, not guessed."""
    if declared:
        return Detected(declared, tuple(undecodable(raw, declared, file)))
    for bom, name in BOMS:
        if raw.startswith(bom):
            return Detected(name, tuple(undecodable(raw, name, file)))
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        return Detected(
            "",
            (
                Problem(
                    file, *_byte_position(raw, offset), "undecodable bytes: NUL bytes, this is not a text (CSV) file"
                ),
            ),
        )
    if raw.isascii():
        return Detected("utf-8")
    try:
        raw.decode("utf-8")
        return Detected("utf-8")
    except UnicodeDecodeError:
        pass
    if _looks_like_utf8(raw):
        return Detected("utf-8", tuple(undecodable(raw, "utf-8", file)))
    legacy = _best_legacy(raw)
    if legacy is None:
        offset = next(i for i, b in enumerate(raw) if b > 0x7F)
        message = f"undecodable bytes: neither UTF-8 nor any of {', '.join(LEGACY_ENCODINGS)}; save the file as UTF-8"
        return Detected("", (Problem(file, *_byte_position(raw, offset), message),))
    return Detected(legacy)


# Every byte a CSV's structure needs, which a text file encoding must read back unchanged.
_PROBE = "a,;\t|\"\r\n\u00e9"
# Codecs that read the probe back but are meant for host names or Python literals.
NOT_FILE_ENCODINGS = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape"})


def encoding_problem(name: str) -> str | None:
    """Why a declared ``encoding:`` cannot read a text file (None when it can).

    Some codecs Python knows are not file encodings: rot13 and zlib turn str into
    str or bytes into bytes; idna and punycode encode host names and fail on the
    replacement of a bad byte.  A codec must read the probe back and decode leniently.
    """
    try:
        codec = codecs.lookup(name)
        back = _PROBE.encode(codec.name, errors="replace").decode(codec.name, errors="replace")
    except (LookupError, UnicodeError, TypeError, ValueError):
        codec, back = None, ""
    if codec and codec.name not in NOT_FILE_ENCODINGS and back in (_PROBE, _PROBE.replace("\u00e9", "?")):
        return None
    return f"encoding: {name!r} is not a text file encoding (use e.g. utf-8, utf-16, cp1250 or mac_roman)"


def undecodable(raw: bytes, encoding: str, file: str) -> list[Problem]:
    """One problem per undecodable byte sequence (the first few), at its line and column."""
    try:
        raw.decode(encoding)
        return []
    except LookupError:
        return [Problem(file, 0, 0, f"unknown encoding {encoding!r}")]
    except UnicodeDecodeError:
        pass
    text = raw.decode(encoding, errors="replace")
    positions = [m.start() for m in re.finditer("\ufffd", text)]
    problems = []
    for offset in positions[:MAX_REPORTED]:
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        problems.append(Problem(file, line, column, f"undecodable bytes: not valid {encoding}"))
    if len(positions) > MAX_REPORTED:
        problems.append(
            Problem(file, 0, 0, f"undecodable bytes: {len(positions) - MAX_REPORTED} more places not shown")
        )
    return problems


def _looks_like_utf8(raw: bytes) -> bool:
    """A UTF-8 file with a few broken bytes, rather than a legacy code page."""
    sequences = _UTF8_SEQUENCE.findall(raw)
    stray = len(_HIGH_BYTE.findall(raw)) - sum(len(s) for s in sequences)
    return len(sequences) > stray


def _best_legacy(raw: bytes) -> str | None:
    # The lines with non-ASCII bytes carry all the evidence; ASCII lines only dilute it.
    lines = raw[: SAMPLE_BYTES * 16].split(b"\n")
    sample = b"\n".join(line for line in lines if not line.isascii())[:SAMPLE_BYTES]
    results = charset_normalizer.from_bytes(sample, cp_isolation=list(LEGACY_ENCODINGS))
    ranked = []
    for match in results:
        name = _canonical(match.encoding)
        if name in LEGACY_ENCODINGS and _decodes(raw, name):
            ranked.append((round(match.chaos, 6), -round(match.coherence, 6), LEGACY_ENCODINGS.index(name), name))
    return min(ranked)[3] if ranked else None


def _canonical(name: str) -> str:
    aliases = {
        "macroman": "mac_roman",
        "mac_roman": "mac_roman",
        "windows_1250": "cp1250",
        "latin_2": "iso8859_2",
        "iso8859_2": "iso8859_2",
        "windows_1252": "cp1252",
    }
    key = name.lower().replace("-", "_")
    return aliases.get(key, key)


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    return line, offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
