"""The two calls the talk generator makes: prepare_slides (read, check, render) and write_media.

prepare_slides does everything that can fail on bad input, so a broken slide
file stops the build while pages are still being read; write_media only copies
files that are known to be good into the output.
"""

from __future__ import annotations

import filecmp
import shutil
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path, PurePosixPath

from kernel.problems import Problem, display_path
from kernel.safepath import Outside, resolve_inside

from .. import frontmatter
from ..jsonld import script_json
from .deck import read_deck, read_transcript, render_transcript
from .embeds import VIDEO_TYPES, UnsafeUrl, recognise
from .errors import SlidesError
from .jsonld import video_object
from .model import Embed, PdfSlides, SlidePage, TalkMedia
from .pdf import PdfUnreadable, page_images, render_cached, slide_cache
from .settings import SlidesSettings, read_settings

DECK_SUFFIXES = (".md", ".markdown")
_BOM = b"\xef\xbb\xbf"


def human_size(size: int) -> str:
    """Decimal units as file managers show them: 950 B, 12 kB, 1.2 MB."""
    if size < 1000:
        return f"{size} B"
    value = float(size)
    for unit in ("kB", "MB", "GB", "TB"):
        value /= 1000
        if value < 999.5 or unit == "TB":
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    raise AssertionError("unreachable")


class _Where:
    """Finds where a front matter key sits in the talk file, for file:line:column problems."""

    def __init__(self, talk_source: str, content_root: Path):
        self.name = talk_source or "talk"
        self.document = None
        for candidate in (Path(talk_source), content_root / talk_source, content_root.parent / talk_source):
            if talk_source and candidate.is_file():
                try:
                    self.document, _ = frontmatter.parse(candidate.read_text(encoding="utf-8"), self.name)
                except (OSError, UnicodeDecodeError):
                    self.document = None
                break

    def problem(self, key: str, message: str) -> Problem:
        line, column = self.document.where(key) if self.document else (0, 0)
        return Problem(self.name, line, column, f"{key}: {message}")


def _is_url(value: str) -> bool:
    return "://" in value or value.startswith("//") or value.split(":", 1)[0].lower() in (
        "javascript",
        "data",
        "mailto",
        "vbscript",
    )


def _local_file(value: str, content_root: Path, key: str, where: _Where) -> tuple[Path, str]:
    """The file ``value`` names under content/ and its normalised relative path."""
    relative = PurePosixPath(value.replace("\\", "/").lstrip("/"))
    root = content_root.resolve()
    try:
        full = resolve_inside(root, relative)
    except Outside as exc:
        raise SlidesError(where.problem(key, str(exc).replace(str(relative), value, 1))) from None
    if not full.is_file():
        raise SlidesError(where.problem(key, f"{display_path(full)} does not exist"))
    return full, full.relative_to(root).as_posix()


def _pdf(
    path: Path, source_rel: str, slug: str, title: str, cache_dir: Path, s: SlidesSettings
) -> PdfSlides:
    render = render_cached(path, cache_dir, s)
    total = len(render.pages)
    pages = tuple(
        SlidePage(
            number=n,
            image=f"talks/{slug}/slides/{p.image}",
            width=p.width,
            height=p.height,
            thumb=f"talks/{slug}/slides/{p.thumb}",
            thumb_width=p.thumb_width,
            thumb_height=p.thumb_height,
            alt=f"Slide {n} of {total}: {title}",
        )
        for n, p in enumerate(render.pages, start=1)
    )
    size = path.stat().st_size
    return PdfSlides(
        source_rel=source_rel,
        output=f"talks/{slug}/slides.pdf",
        size_bytes=size,
        size_human=human_size(size),
        sha256=render.sha256,
        pages=pages,
        cache_key=render.directory.name,
        render_settings=s,
    )


def _upload_date(value: str | date | None, where: _Where) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        text = str(value).strip()
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        raise SlidesError(
            where.problem("video_date", f"{value!r} is not a date like 2015-10-20")
        ) from None


def prepare_slides(
    talk_slug: str,
    talk_title: str,
    slides: str | None,
    video: str | None,
    content_root: Path,
    cache_dir: Path,
    settings: dict,
    *,
    talk_source: str = "",
    description: str | None = None,
    video_date: str | date | None = None,
    captions: str | None = None,
    transcript: str | None = None,
    language: str = "en",
) -> TalkMedia:
    """Everything a talk page shows about its slides and recording.

    ``slides`` is a path under content/ (.pdf or .md deck) or an http(s) URL;
    ``video`` is an http(s) URL or a .mp4/.webm/.ogv file under content/;
    ``captions`` a WebVTT file under content/ for that video; ``transcript`` a
    Markdown file under content/ or the transcript's Markdown itself.
    Raises SlidesError (every problem found, naming ``talk_source``) when the
    page would be wrong; an unrecognised URL only adds a warning.
    """
    s = read_settings(settings)
    where = _Where(talk_source, content_root)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    pdf = deck = hosted = video_embed = captions_output = transcript_html = None
    transcript_text = ""
    copies: list[tuple[str, str]] = []

    def attempt(step):
        try:
            return step()
        except SlidesError as exc:
            problems.extend(exc.problems)
            return None

    def take_slides():
        nonlocal pdf, deck, hosted
        if not isinstance(slides, str):
            raise SlidesError(where.problem("slides", "must be a file path or a URL"))
        if _is_url(slides):
            hosted = _hosted(slides, "slides")
            return
        path, rel = _local_file(slides, content_root, "slides", where)
        if path.suffix.lower() == ".pdf":
            try:
                pdf = _pdf(path, rel, talk_slug, talk_title, cache_dir, s)
            except PdfUnreadable as exc:
                raise SlidesError(where.problem("slides", f"{display_path(path)} {exc}")) from None
            copies.append((rel, pdf.output))
        elif path.suffix.lower() in DECK_SUFFIXES:
            deck, deck_warnings = read_deck(
                path, display_path(path), rel, f"talks/{talk_slug}/deck/index.html", talk_title, s
            )
            warnings.extend(deck_warnings)
        else:
            raise SlidesError(where.problem("slides", f"{slides} must be a .pdf or .md file, or a URL"))

    def take_video():
        nonlocal video_embed
        if not isinstance(video, str):
            raise SlidesError(where.problem("video", "must be a URL or a video file path"))
        if _is_url(video):
            video_embed = _hosted(video, "video")
            return
        path, rel = _local_file(video, content_root, "video", where)
        media_type = VIDEO_TYPES.get(path.suffix.lower())
        if media_type is None:
            raise SlidesError(
                where.problem("video", f"{video} must be a {', '.join(VIDEO_TYPES)} file or a URL")
            )
        output = f"talks/{talk_slug}/video{path.suffix.lower()}"
        copies.append((rel, output))
        video_embed = Embed("Video file", "file", output, output, "video", media_type=media_type,
                            same_origin=True)

    def take_captions():
        nonlocal captions_output
        if not video:
            raise SlidesError(where.problem("captions", "captions belong to a recording: the talk has no video"))
        path, rel = _local_file(captions, content_root, "captions", where)
        if path.suffix.lower() != ".vtt":
            raise SlidesError(where.problem("captions", f"{captions} must be a WebVTT (.vtt) file"))
        head = path.read_bytes()[:16].removeprefix(_BOM)
        if not (head.startswith(b"WEBVTT") and (len(head) == 6 or head[6:7] in (b" ", b"\t", b"\n", b"\r"))):
            raise SlidesError(where.problem(
                "captions", f"{display_path(path)} is not WebVTT: its first line must begin with WEBVTT"))
        captions_output = f"talks/{talk_slug}/captions.vtt"
        copies.append((rel, captions_output))

    def take_transcript():
        nonlocal transcript_html, transcript_text
        text = transcript
        one_line = "\n" not in text.strip()
        if one_line and PurePosixPath(text.strip()).suffix.lower() in DECK_SUFFIXES:
            path, _ = _local_file(text.strip(), content_root, "transcript", where)
            text = read_transcript(path, display_path(path))
        transcript_html, transcript_text = render_transcript(text, s)

    def _hosted(url: str, key: str) -> Embed:
        try:
            found = recognise(url.strip(), key, s.siteurl)
        except UnsafeUrl as exc:
            raise SlidesError(where.problem(key, f"{exc}; only http and https links are shown")) from None
        if found.warning:
            warnings.append(where.problem(key, found.warning))
        return found.embed

    if slides:
        attempt(take_slides)
    if video:
        attempt(take_video)
    if captions:
        attempt(take_captions)
    if transcript:
        attempt(take_transcript)
    upload = attempt(lambda: _upload_date(video_date, where))
    if problems:
        raise SlidesError(problems)

    thumbnail = pdf.pages[0].image if pdf else None
    if video_embed is not None and thumbnail:
        video_embed = replace(video_embed, thumbnail=thumbnail)
    video_data = (
        video_object(talk_title, video_embed, s.siteurl, description, upload, thumbnail,
                     captions=captions_output, transcript=transcript_text or None)
        if video_embed
        else None
    )
    jsonld = script_json(video_data) if video_data else None
    return TalkMedia(
        talk_slug=talk_slug,
        talk_title=talk_title,
        pdf=pdf,
        deck=deck,
        hosted_slides=hosted,
        video=video_embed,
        video_jsonld=jsonld,
        captions=captions_output,
        captions_language=language if captions_output else "",
        transcript_html=transcript_html,
        warnings=tuple(warnings),
        copies=tuple(copies),
    )


def _copy_if_changed(source: Path, target: Path) -> None:
    # Unchanged files keep their mtime, so rsync-style publishing only sends real changes.
    if target.is_file() and filecmp.cmp(source, target, shallow=False):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _write_if_changed(data: bytes, target: Path) -> None:
    # the verified bytes of a cache entry, not its file: what is published is what was checked
    if target.is_file() and target.read_bytes() == data:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def write_media(media: TalkMedia, content_root: Path, output_dir: Path, cache_dir: Path) -> None:
    """Copy the talk's slide PDF, page images and local video into ``output_dir``."""
    for source_rel, output in media.copies:
        _copy_if_changed(content_root / source_rel, output_dir / output)
    pdf = media.pdf
    if pdf is None:
        return
    cache, key = slide_cache(cache_dir), pdf.cache_key
    images = page_images(cache, key, pdf.pages)
    if None in images.values():
        # The cache was cleaned or damaged between prepare and write: render it again.
        try:
            key = render_cached(content_root / pdf.source_rel, cache_dir, pdf.render_settings).directory.name
        except PdfUnreadable as exc:
            raise SlidesError(Problem(pdf.source_rel, 0, 0, str(exc))) from None
        images = page_images(cache, key, pdf.pages)
    for page in pdf.pages:
        for rel in (page.image, page.thumb):
            data = images[rel]
            if data is None:
                raise SlidesError(
                    Problem(pdf.source_rel, 0, 0, "changed during the build; build again")
                )
            _write_if_changed(data, output_dir / rel)
