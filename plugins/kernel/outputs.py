"""Files other than pages (calendars, schedules, downloads): written through the build's writer when it keeps them.

The build's writer (recap_build.ledger) keeps the live copy of such a file when
what it is made of did not change, so generators hand it the maker rather than
the bytes, and pages as one batch it may render side by side.  A plain Pelican
writer (``pelican`` run alone, a test's build) has no such method: the file is
made and written as it always was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def write_raw(writer, output_path: str | Path, name: str, make: Callable[[], bytes], context: dict,
              parts: tuple = ()) -> int:
    """Write the file ``name`` under ``output_path`` made by ``make()`` (or kept); its size in bytes.

    ``make`` must read the model only through the model objects (their reads are what
    the writer records); ``parts`` is anything else it is made of, compared by value.
    """
    keeping = getattr(writer, "write_raw", None)
    if keeping is not None:
        return keeping(name, make, context, parts)
    data = make()
    path = Path(output_path) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def kept(writer, name: str, context: dict, parts: tuple) -> int | None:
    """The size of the file ``name`` when the writer kept it from the live site, made of ``parts``
    alone; None when it must be made (then :func:`write_raw` it), or with a plain writer.

    For files made in a batch (link cards drawn in a pool): ask for each first, make the rest together.
    """
    keeping = getattr(writer, "keep_raw", None)
    return keeping(name, context, parts) if keeping is not None else None


def write_pages(writer, pages: list[tuple[str, object, dict]], context: dict) -> None:
    """Write every page of ``pages`` (save_as, template, keyword arguments of ``write_file``), in that order
    or side by side when the writer renders batches in several processes."""
    def write(page) -> None:
        name, template, kwargs = page
        writer.write_file(name, template, context, **kwargs)

    batch = getattr(writer, "write_pages", None)
    if batch is not None:
        batch(pages, context, write)
        return
    for page in pages:
        write(page)


__all__ = ["kept", "write_pages", "write_raw"]
