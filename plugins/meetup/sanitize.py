"""What a Markdown body may turn into: safe link targets everywhere, allow-listed HTML for imports.

Two rules, both documented in docs/content-format.md:

- every link target a body renders (Markdown links and images, reference
  definitions, raw HTML attributes) is http(s), mailto:, relative or a
  #fragment; anything else is a problem at the link's position in the file;
- text from third parties (files the importers wrote, marked ``imported:``)
  keeps only the HTML an allow-list permits: no script, style, iframe, form,
  event handler or non-web URL, whoever edited the file since.

Organizers' own raw HTML (an embed, a <details>) is trusted and left as written,
apart from its link targets.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

import markdown
import nh3
from kernel.contract import PLACEHOLDER_ATTRIBUTE
from kernel.problems import Problem

from .code_region import CODE_REGION, TABLE_REGION

# The front matter key every generated file carries (written by netdata.generated).
IMPORTED = "imported"

LINK_SCHEMES = frozenset({"http", "https", "mailto"})

# What Markdown with the site's extensions (Pelican's default: "extra" and codehilite) produces, and
# nothing that runs, restyles or embeds.
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre", "s", "span", "strong", "sub",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "code": {"class"}, "pre": {"class"}, "span": {"class"},
    # a poll chart directive's placeholder (kernel.contract): a body's own HTML may not spell one
    "div": {"class", PLACEHOLDER_ATTRIBUTE, "role", "tabindex", "aria-label"},
    # footnotes and heading anchors link to these
    "sup": {"id"}, "li": {"id"}, "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"},
    "h6": {"id"},
    # a table column's alignment ("|:--|" writes style="text-align: left;"); no other property survives
    "th": {"style"}, "td": {"style"},
}
STYLE_PROPERTIES = frozenset({"text-align"})

# Attributes whose value a browser loads or navigates to.
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "poster", "data", "xlink:href", "background", "cite", "ping",
    "lowsrc", "dynsrc", "longdesc", "manifest", "codebase", "archive", "icon", "srcset",
})

# Browsers drop tabs and newlines anywhere in a URL and control characters and spaces around it,
# so "java\tscript:" is javascript:; dropping every such character is the strict reading.
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def link_scheme(url: str) -> str:
    """The scheme a browser would read in ``url`` (lower case), "" for a relative link or #fragment."""
    squeezed = _INVISIBLE.sub("", html.unescape(url))
    match = _SCHEME.match(squeezed)
    return match[1].lower() if match else ""


def is_safe_link(url: str) -> bool:
    scheme = link_scheme(url)
    return not scheme or scheme in LINK_SCHEMES


class _UrlCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value:
                # srcset lists "url width" pairs
                self.urls += [c.split()[0] for c in value.split(",") if c.split()] if name == "srcset" else [value]

    handle_startendtag = handle_starttag


def unsafe_links(rendered: str) -> list[str]:
    """The link targets of rendered HTML that are not allowed, in document order."""
    collector = _UrlCollector()
    collector.feed(rendered)
    collector.close()
    return [url for url in collector.urls if not is_safe_link(url)]


# Where link targets sit in Markdown source: inline links and images "](target", reference
# definitions "[id]: target", raw HTML attributes. A target runs to the end of what could still
# be part of it (Markdown and browsers both accept whitespace in odd places); only its start and
# scheme are used.
_URL_NAMES = "|".join(re.escape(a) for a in sorted(URL_ATTRIBUTES))
_TARGETS = re.compile(
    r"(?P<inline>\]\([ \t]*\n?[ \t]*<?)(?P<t1>[^)>\n]*)"
    r"|^(?P<ref>[ ]{0,3}\[[^\]\n]+\]:[ \t]*\n?[ \t]*<?)(?P<t2>[^\n]*)"
    rf"|(?P<quoted>(?<![\w-])(?:{_URL_NAMES})\s*=\s*[\"'])(?P<t3>[^\"'\n]*)"
    rf"|(?P<bare>(?<![\w-])(?:{_URL_NAMES})\s*=\s*)(?P<t4>[^\s\"'>]*)",
    re.IGNORECASE | re.MULTILINE,
)
_KINDS = {"inline": "t1", "ref": "t2", "quoted": "t3", "bare": "t4"}


def _unsafe_targets(text: str) -> list[tuple[int, str, str]]:
    """(offset, kind, target) of every link target in Markdown source whose scheme is not allowed."""
    found = []
    for match in _TARGETS.finditer(text):
        kind = next(k for k in _KINDS if match[k] is not None)
        target = match[_KINDS[kind]]
        if target and not is_safe_link(target):
            found.append((match.end(kind), kind, target))
    return found


def _same_target(source: str, url: str) -> bool:
    """Whether a target as written in the source is (the start of) a rendered URL, or the reverse."""
    written, rendered = (_INVISIBLE.sub("", html.unescape(u)).lower() for u in (source, url))
    return written.startswith(rendered) or rendered.startswith(written)


def _line_column(text: str, offset: int, first_line: int) -> tuple[int, int]:
    before = text[:offset]
    return first_line + before.count("\n"), offset - (before.rfind("\n") + 1) + 1


def _shown(url: str) -> str:
    return repr(url if len(url) <= 60 else url[:57] + "...")


def link_problems(rendered: str, text: str, file: str, first_line: int, where: tuple[int, int] | None = None):
    """One problem per forbidden link target in the body ``text`` rendered as ``rendered``.

    The rendered HTML decides (it is what a browser gets, whatever Markdown or HTML
    spelled the link); the source is searched only for the position. ``where`` pins
    every problem to one place (a Markdown value in the front matter).
    """
    candidates = _unsafe_targets(text)
    problems = []
    for url in unsafe_links(rendered):
        match = next((c for c in candidates if _same_target(c[2], url)), None)
        match = match or next((c for c in candidates if link_scheme(c[2]) == link_scheme(url)), None)
        match = match or (candidates[0] if candidates else None)
        if match:
            candidates.remove(match)
        line, column = where or (_line_column(text, match[0], first_line) if match else (first_line, 1))
        problems.append(Problem(file, line, column, f"link target {_shown(url)} is not allowed: use an http(s) or "
                                                    "mailto: URL, a relative link or a #fragment"))
    return sorted(problems)


def _region_only(tag: str, name: str, value: str) -> str | None:
    """A div's role, tabindex and label survive only as the table scroll box writes them: a third
    party may not put itself into the tab order or relabel the page."""
    if tag == "div" and name in ("role", "tabindex", "aria-label"):
        return value if TABLE_REGION[name] == value else None
    return value


def clean_html(rendered: str) -> str:
    """Rendered HTML of third-party text with only the allow-listed tags, attributes and URLs."""
    return nh3.clean(
        rendered,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(LINK_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        # whatever a third party wrote on a <pre>, it is the same keyboard-scrollable region as ours
        set_tag_attribute_values={"pre": dict(CODE_REGION)},
        attribute_filter=_region_only,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def render_body(render: Callable[[str], str], data: dict, body: str, file: str, first_line: int,
                where: tuple[int, int] | None = None) -> tuple[str, list[Problem]]:
    """The HTML of a Markdown body and the problems of its links; cleaned when the file was imported."""
    rendered = render(body)
    problems = link_problems(rendered, body, file, first_line, where)
    return (clean_html(rendered) if IMPORTED in data else rendered), problems


# -- for importers: third-party Markdown made safe before it is written --------------------------

# nh3 escapes these in text; restored where they cannot open a tag, so Markdown keeps its meaning
# ("> quote", "a < b", "R&D").
_RESTORE = ((re.compile(r"&gt;"), ">"), (re.compile(r"&lt;(?![A-Za-z/!?])"), "<"), (re.compile(r"&amp;"), "&"),
            (re.compile(r"&nbsp;"), "\u00a0"))
# Markdown autolinks look like tags to an HTML sanitiser: written as plain Markdown links first.
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^\s<>]+)>", re.IGNORECASE)


def clean_markdown(text: str) -> str:
    """Third-party Markdown (possibly with HTML in it) reduced to the allow-list, link targets included.

    A Markdown link to a forbidden target keeps its text and loses the link; a
    reference definition of one is dropped (its uses then show as plain text).
    """
    text = _AUTOLINK.sub(lambda m: f"[{m[1]}]({m[1]})", text)
    text = clean_html(text)
    for pattern, plain in _RESTORE:
        text = pattern.sub(plain, text)
    # from the end, so earlier offsets stay valid
    for offset, kind, _target in reversed(_unsafe_targets(text)):
        if kind == "inline":
            text = _unlink(text, text.rindex("](", 0, offset))
        elif kind == "ref":
            start = text.rfind("\n", 0, offset) + 1
            end = text.find("\n", offset)
            text = text[:start] + (text[end + 1 :] if end >= 0 else "")
    if unsafe_links(markdown.markdown(text, extensions=["extra"])):
        # a spelling the search above did not see: no bracket or "<" may make a link or a tag then
        text = re.sub(r"([\\\[\]<])", r"\\\1", text)
    return text


def _unlink(text: str, close: int) -> str:
    """``text`` with the inline link whose "](" is at ``close`` replaced by its link text."""
    depth, start = 0, close
    while start > 0:
        start -= 1
        depth += {"]": 1, "[": -1}.get(text[start], 0) if text[start - 1 : start] != "\\" else 0
        if depth < 0:
            break
    else:
        return text[:close + 1] + "\\" + text[close + 1 :]  # no opening bracket: disarm the "(" instead
    depth, end = 0, close + 1
    while end < len(text):
        depth += {"(": 1, ")": -1}.get(text[end], 0)
        end += 1
        if depth == 0:
            break
    label = text[start + 1 : close]
    start -= text[start - 1 : start] == "!"  # an image's alt text stays as text too
    return text[:start] + label + text[end:]
