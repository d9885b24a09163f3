"""schema.org VideoObject for a talk recording, with only the facts we actually know.

Google's video rich results require name, thumbnailUrl and uploadDate; we emit
uploadDate only when the organizer gave ``video_date`` and thumbnailUrl only for
an image this site serves, rather than guessing either.
"""

from __future__ import annotations

from datetime import date, datetime

from .model import Embed


def absolute(siteurl: str, path: str) -> str | None:
    """``path`` (output-relative) as an absolute URL, or None without an absolute SITEURL."""
    if not siteurl.startswith(("http://", "https://")):
        return None
    return f"{siteurl.rstrip('/')}/{path.lstrip('/')}"


def video_object(
    name: str,
    video: Embed,
    siteurl: str,
    description: str | None = None,
    upload_date: date | None = None,
    thumbnail: str | None = None,
    *,
    captions: str | None = None,
    transcript: str | None = None,
) -> dict | None:
    """The VideoObject as a dict, or None for a recording that is only a plain link."""
    if video.embed_url is None:
        return None
    data: dict = {"@context": "https://schema.org", "@type": "VideoObject", "name": name}
    if description:
        data["description"] = description
    if upload_date is not None:
        data["uploadDate"] = (
            upload_date.isoformat()
            if not isinstance(upload_date, datetime)
            else upload_date.isoformat(timespec="seconds")
        )
    if video.provider_id == "file":
        content_url = absolute(siteurl, video.url) if video.same_origin and "://" not in video.url else video.url
        if content_url:
            data["contentUrl"] = content_url
    else:
        data["embedUrl"] = video.embed_url
    if thumbnail and (thumbnail_url := absolute(siteurl, thumbnail)):
        data["thumbnailUrl"] = thumbnail_url
    if captions and (captions_url := absolute(siteurl, captions)):
        data["caption"] = {"@type": "MediaObject", "contentUrl": captions_url, "encodingFormat": "text/vtt"}
    if transcript:
        data["transcript"] = transcript
    return data
