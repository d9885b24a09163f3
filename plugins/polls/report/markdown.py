"""The report as Markdown, for pasting into an e-mail or a wiki (charts stay in the HTML and PDF)."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from .data import GroupSection, QuestionFigures, Report

# Characters that start emphasis, code, links, images, headings or table cells: backslash-escaped.
_SPECIAL = re.compile(r"([\\`*_\[\](){}|#~!>])")
# Whitespace of any kind (a title with a newline would start a heading or a list) and control characters.
_BREAKS = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")
# What makes a line a list item or a setext underline when it comes first.
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=])")
# Characters a link destination keeps as they are; everything else is percent-encoded, so no
# ")", space, "<" or quote can end it early and start a title, a link or HTML of its own.
_URL_SAFE = "/:?#@!$&*+,;=%~"
# Browsers drop tabs, newlines and control characters inside a URL.
_URL_DROP = re.compile(r"[\x00-\x1f\x7f]")


def escape(text: str) -> str:
    """Text shown as written, on one line: no data can make a link, an image, a heading or HTML.

    Markdown's markup characters and table pipes are backslash-escaped; "<" and the
    "&" of an entity become entities, since not every Markdown reads "\\<" as text.
    """
    text = _BREAKS.sub(" ", str(text)).strip()
    text = _SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text).replace("<", "&lt;")
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def link_target(url: str) -> str:
    """``url`` as a Markdown link destination that ends where it should."""
    return quote(_URL_DROP.sub("", url).strip(), safe=_URL_SAFE)


def link(text: str, url: str) -> str:
    """A Markdown link to an http(s) or relative URL; any other URL is left out and the text stays."""
    try:
        web = bool(url) and urlsplit(_URL_DROP.sub("", url).strip()).scheme.lower() in ("http", "https", "")
    except ValueError:  # not a URL at all (an unclosed "[" in the host)
        web = False
    return f"[{escape(text)}]({link_target(url)})" if web else escape(text)


def _table(header: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:
    rule = ["---:" if i in right else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines + [""]


def _figures(blocks: tuple[QuestionFigures, ...]) -> list[str]:
    rows = []
    for block in blocks:
        for f in block.figures:
            label = f.label if f.label == block.text else f"{block.text}: {f.label}"
            shown = [escape(f.note), ""] if f.note else [f.share, f.interval]
            rows.append([f"{escape(label)} ({escape(block.base)})", *shown, escape(f.n), f.meetups])
    return _table(["Answer", "Share", "95 % interval", "n (base)", "Meetups"], rows, right={1, 2, 3})


def _group(group: GroupSection) -> list[str]:
    out = [f"## {escape(group.name)}", ""]
    out += _table(["Headline", "Figure"], [[escape(k), escape(v)] for k, v in group.figures], right={1})
    out += [escape(group.attendance_sentence), ""]
    for title, blocks in (("Audience", group.audience), ("Technology adoption", group.adoption)):
        out += [f"### {title}", ""]
        out += _figures(blocks) if blocks else ["No poll of this period asked about this.", ""]
    if group.changes:
        out += ["### Changes over the period", ""]
        out += [f"- {escape(line.sentence)}" for line in group.changes] + [""]
    out += ["### Talks", ""]
    for talk in group.talks:
        title = link(talk.title, talk.link)
        demo = " (example data)" if talk.demo else ""
        out.append(f"- {title}{demo}: {escape(talk.speakers)}; {escape(talk.event)}, {talk.date}")
    out += [""] if group.talks else ["No talks were recorded for these meetups.", ""]
    out += ["### Meetups and how they were polled", ""]
    out += _table(["Meetup", "Date", "Headcount", "Poll"],
                  [[escape(m.title) + (" (example data)" if m.demo else ""), m.date, escape(m.attendance),
                    escape(m.method)] for m in group.meetups], right={2})
    return out


def render_markdown(report: Report, siteurl: str = "") -> bytes:
    """``siteurl`` makes logos absolute images; without it a logo would point nowhere, so none is shown."""
    out = [f"# {escape(report.title)}", "", escape(report.scope), ""]
    if report.demo:
        out += ["> **Example data:** parts of this report describe fictional example groups that ship with "
                "Recap; they are marked \"example data\" wherever they appear.", ""]
    for group in report.groups:
        out += _group(group)
    out += ["## Sponsors", ""]
    for s in report.sponsors:
        name = link(s.name, s.url)
        out += [f"### {name}", ""]
        if siteurl and s.logo is not None and s.logo_path:
            out += [f"![{escape(s.name)} logo]({link_target(f'{siteurl}/{s.logo_path}')})", ""]
        count = len(s.events)
        out += [f"Supported {count} meetup{'' if count == 1 else 's'} in this period:", ""]
        out += [f"- {escape(e)}" for e in s.events] + [""]
    if not report.sponsors:
        out += ["No sponsor is named for these meetups.", ""]
    out += ["## How these figures were made", ""]
    for paragraph in report.methodology:
        out += [escape(paragraph), ""]
    out.append("Charts: see the HTML or PDF version of this report.")
    return ("\n".join(out) + "\n").encode("utf-8")
