"""Slugs for URLs: ASCII, lower case, words joined by hyphens ("Václav Pavlín" -> "vaclav-pavlin").

A slug becomes a folder name and a URL, so it is confined to [a-z0-9-]: no "/", "..",
"#" or "?" that would move a page or break its links.  Text is NFKC-normalised and
transliterated to ASCII (unidecode, as Pelican does), which also folds look-alike
letters (Cyrillic "о", full-width "ｏ") into the Latin one, so a look-alike cannot make
a second, visually identical URL.  Long slugs are cut, with a short digest of the
whole for uniqueness, so an imported 300-character title still makes a file name the
filesystem accepts.
"""

import hashlib
import re
import unicodedata

from unidecode import unidecode

# Cyrillic and Greek letters drawn like Latin ones. Transliteration is phonetic (Cyrillic "с" is "s"),
# so in a word that mixes them with Latin letters ("dоcker" with a Cyrillic "о") they are read as
# the Latin letter they imitate; a word wholly in one script is transliterated as usual ("Петров").
_LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁԛԝАВЕКМНОРСТХІЈЅαοκνρτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdqwABEKMHOPCTXIJSaoKvptuxABEZHIKMNOPTYX",
)
_WORD = re.compile(r"\w+")

MAX_LENGTH = 80  # well under the 255 bytes of a file name, and a URL one can still read
_DIGEST = 8


def slugify(text: str) -> str:
    text = _WORD.sub(_fold_lookalikes, unicodedata.normalize("NFKC", str(text)))
    ascii_text = unidecode(text)
    return _capped(re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-"))


def _fold_lookalikes(word: re.Match) -> str:
    text = word[0]
    return text.translate(_LOOKALIKES) if re.search(r"[A-Za-z]", text) else text


def _capped(slug: str) -> str:
    if len(slug) <= MAX_LENGTH:
        return slug
    digest = hashlib.sha256(slug.encode()).hexdigest()[:_DIGEST]
    return f"{slug[:MAX_LENGTH - _DIGEST - 1].rstrip('-')}-{digest}"


def slug_problem(given: str) -> str:
    """Why a slug an organizer wrote cannot be used as it is ("" when it can): says what it would have to be."""
    normal = slugify(given)
    if not normal:
        return f"slug {given!r} has no letters or digits to make a URL of"
    if given == normal:
        return ""
    return f"slug {given!r} is not a plain URL slug: use {normal!r}"
