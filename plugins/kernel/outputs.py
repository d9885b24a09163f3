"""Files other than pages (calendars, schedules, downloads): written through the build's writer when it keeps them.

The build's writer (recap_build.ledger) keeps the live copy of such a file when
what it is made of did not change, so generators hand it the maker rather than
the bytes, and pages (and such files) as one batch it may make side by side.  A plain Pelican
writer (``pelican`` run alone, a test's build) has no such method: the file is
made and written as it always was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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


def kept(writer, name: str, context: dict, parts: tuple = ()) -> int | None:
    """The size of the file ``name`` when the writer kept it from the live site (its reads and ``parts`` hold);
    None when it must be made (then :func:`write_raw` it, or put it in a batch), or with a plain writer."""
    keeping = getattr(writer, "keep_raw", None)
    return keeping(name, context, parts) if keeping is not None else None


@dataclass(frozen=True)
class Page:
    """A page of a batch: ``Writer.write_file(save_as, template, context, **kwargs)``."""

    save_as: str
    template: object
    kwargs: dict


@dataclass(frozen=True)
class Raw:
    """A file other than a page, in a batch: :func:`write_raw` of ``name`` made by ``make``."""

    name: str
    make: Callable[[], bytes]
    parts: tuple = ()


@dataclass(frozen=True)
class Shared:
    """What a batch's makers learn besides their files (entries serialised once for many files), for the
    build's own process: ``gather()`` runs in each other process that wrote part of the batch, after its
    items, and ``merge(value)`` here with each value gathered, so the build ends knowing all of it."""

    gather: Callable[[], object]
    merge: Callable[[object], None]


def write_batch(writer, output_path: str | Path, items: list[Page | Raw], context: dict,
                shared: Shared | None = None) -> None:
    """Write every item of ``items`` in that order, or side by side when the writer renders batches in
    several processes (no item may read a file another writes; what their makers learn: ``shared``)."""
    def write(item: Page | Raw) -> None:
        if isinstance(item, Page):
            writer.write_file(item.save_as, item.template, context, **item.kwargs)
        else:
            write_raw(writer, output_path, item.name, item.make, context, item.parts)

    batch = getattr(writer, "write_batch", None)
    if batch is not None:
        batch(items, context, write, shared)
        return
    for item in items:
        write(item)


__all__ = ["Page", "Raw", "Shared", "kept", "write_batch", "write_raw"]
