"""Render PDF pages to images with pypdfium2, once per PDF content and render settings.

The cache directory for one PDF is named after a hash of the PDF's bytes, the
render settings, the renderer versions and RENDER_VERSION, so an unchanged PDF
is never rendered twice and any change that would alter the images (new file,
new width, new PDFium) gets a fresh directory.  A directory only appears under
its final name once every image and the manifest are written, so an
interrupted build never leaves a half-rendered deck that looks complete.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from kernel import cacheentry
from PIL import Image
from pypdfium2.version import PDFIUM_INFO, PYPDFIUM_INFO

from .settings import SlidesSettings

# Bump when the rendering code changes in a way that changes the images.
RENDER_VERSION = 1
MANIFEST = "manifest.json"


class PdfUnreadable(Exception):
    """The file cannot be rendered; the message says why in plain words."""


@dataclass(frozen=True)
class CachedPage:
    image: str  # file name inside the cache directory
    width: int
    height: int
    thumb: str
    thumb_width: int
    thumb_height: int


@dataclass(frozen=True)
class CachedRender:
    directory: Path
    sha256: str
    pages: tuple[CachedPage, ...]
    rendered_now: bool  # False when every image came from the cache


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cache_key(pdf_sha256: str, settings: SlidesSettings) -> str:
    identity = {
        "pdf": pdf_sha256,
        "render": settings.render_key(),
        "render_version": RENDER_VERSION,
        "pdfium": str(PDFIUM_INFO),
        "pypdfium2": str(PYPDFIUM_INFO),
        "pillow": Image.__version__,
    }
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:32]


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_raw.FPDF_ERR_PASSWORD, pdfium_raw.FPDF_ERR_SECURITY):
            raise PdfUnreadable(
                "is password-protected; publish a copy saved without a password"
            ) from None
        raise PdfUnreadable(f"is not a readable PDF ({exc})") from None
    if len(document) == 0:
        document.close()
        raise PdfUnreadable("has no pages")
    return document


def _scaled_height(width: int, height: int, new_width: int) -> int:
    return max(1, round(height * new_width / width))


def _save(image: Image.Image, path: Path, settings: SlidesSettings) -> None:
    encoded = BytesIO()
    if settings.image_format == "webp":
        image.save(encoded, "WEBP", quality=settings.image_quality, method=6)
    else:
        image.save(encoded, "PNG", optimize=True)
    cacheentry.write(path, encoded.getvalue())


def _render_into(document: pdfium.PdfDocument, directory: Path, settings: SlidesSettings) -> list:
    pages = []
    extension = settings.image_format
    for index in range(len(document)):
        page = document[index]
        try:
            page_width, _ = page.get_size()
            bitmap = page.render(scale=settings.image_width / page_width, may_draw_forms=True)
            image = bitmap.to_pil().convert("RGB")
        finally:
            page.close()
        # PDFium rounds the bitmap size; resize so the promised width is exact.
        height = _scaled_height(image.width, image.height, settings.image_width)
        if image.size != (settings.image_width, height):
            image = image.resize((settings.image_width, height), Image.Resampling.LANCZOS)
        thumb_height = _scaled_height(image.width, image.height, settings.thumb_width)
        thumb = image.resize((settings.thumb_width, thumb_height), Image.Resampling.LANCZOS)
        name = f"page-{index + 1:03d}.{extension}"
        thumb_name = f"page-{index + 1:03d}-thumb.{extension}"
        _save(image, directory / name, settings)
        _save(thumb, directory / thumb_name, settings)
        pages.append(
            {
                "image": name,
                "width": image.width,
                "height": image.height,
                "thumb": thumb_name,
                "thumb_width": thumb.width,
                "thumb_height": thumb.height,
            }
        )
    return pages


def _read_manifest(directory: Path) -> tuple[CachedPage, ...] | None:
    """The pages of a cached render, or None unless the manifest and every image match their digests."""
    data = cacheentry.read(directory / MANIFEST)
    if data is None:
        return None
    try:
        entries = json.loads(data.decode("utf-8"))["pages"]
        pages = tuple(CachedPage(**entry) for entry in entries)
    except (ValueError, KeyError, TypeError):
        return None
    if None in page_images(directory, pages).values():
        return None
    return pages


def page_images(directory: Path, pages) -> dict[str, bytes | None]:
    """The image and thumbnail bytes of ``pages`` (each with .image and .thumb, names or output
    paths of files in ``directory``) by name; None for one missing or damaged."""
    names = [name for page in pages for name in (page.image, page.thumb)]
    return {name: cacheentry.read(directory / Path(name).name) for name in names}


def render_cached(pdf_path: Path, cache_dir: Path, settings: SlidesSettings) -> CachedRender:
    """Page images for ``pdf_path`` under ``cache_dir``, rendering only on a cache miss.

    Raises PdfUnreadable for a corrupt, empty or password-protected file.
    """
    sha256 = file_sha256(pdf_path)
    root = cache_dir / "slides"
    directory = root / cache_key(sha256, settings)
    cached = _read_manifest(directory)
    if cached is not None:
        return CachedRender(directory, sha256, cached, rendered_now=False)

    document = _open(pdf_path)
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".render-", dir=root))
    try:
        try:
            entries = _render_into(document, staging, settings)
        finally:
            document.close()
        manifest = json.dumps({"source_sha256": sha256, "pages": entries}, indent=1, sort_keys=True)
        cacheentry.write(staging / MANIFEST, manifest.encode("utf-8"))
        if directory.exists():  # stale or broken entry: replace it
            shutil.rmtree(directory)
        staging.rename(directory)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    pages = tuple(CachedPage(**entry) for entry in entries)
    return CachedRender(directory, sha256, pages, rendered_now=True)
