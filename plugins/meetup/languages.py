"""Talk languages: a BCP 47 code checked and named with Babel's CLDR data.

Front matter says ``language: cs`` (or ``pt-BR``); pages show "Czech" or
"Portuguese (Brazil)", and schema.org data carries the code as ``inLanguage``.
"""

from __future__ import annotations


def parse_language(code: str) -> tuple[str, str] | None:
    """``(BCP 47 tag, English name)`` for a language code, or None when CLDR does not know it."""
    # imported here: a build whose languages were all named before (meetup.source_cache) needs no Babel
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(code.strip().replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    tag = "-".join(part for part in (locale.language, locale.script, locale.territory, locale.variant) if part)
    return tag, locale.get_display_name("en")


__all__ = ["parse_language"]
