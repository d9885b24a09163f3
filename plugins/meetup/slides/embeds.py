"""Recognise hosted slides and videos from their URL and derive the embed (iframe) URL.

Only the URL is looked at, never the network: a provider whose embed needs an
id the URL does not carry (a Speaker Deck page URL, a Notist page) becomes a
plain link, and the message returned says how to get an embeddable URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from .model import Embed

VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg"}

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_YOUTUBE_HOSTS = {"youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com"}
_DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")
_PEERTUBE_ID = re.compile(
    r"^(?:[0-9A-Za-z]{22}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$"
)
_HEX_ID = re.compile(r"^[0-9a-f]{32}$")
_SLIDES_ID = re.compile(r"^[A-Za-z0-9_-]{10,}$")


class UnsafeUrl(ValueError):
    """Not an http(s) URL: it must not reach an href or an iframe."""


@dataclass(frozen=True)
class Recognised:
    embed: Embed
    warning: str | None = None  # plain-language note for the organizer; None when all is well


def _host(netloc: str) -> str:
    host = netloc.lower().rsplit("@", 1)[-1].split(":", 1)[0]
    return host[4:] if host.startswith("www.") else host


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def _seconds(value: str) -> int | None:
    match = _DURATION.match(value.strip().lower())
    if not match or not any(match.groups()):
        return None
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


# Each matcher gets (host, path segments, query) and returns (embed URL, warning) or None.
Matcher = Callable[[str, list[str], dict[str, list[str]]], tuple[str | None, str | None] | None]


def _youtube(host: str, parts: list[str], query: dict) -> tuple[str | None, str | None] | None:
    video_id = None
    if host == "youtu.be" and parts:
        video_id = parts[0]
    elif host in _YOUTUBE_HOSTS:
        if parts == ["watch"]:
            video_id = query.get("v", [None])[0]
        elif len(parts) >= 2 and parts[0] in ("embed", "shorts", "live", "v"):
            if parts[1] == "videoseries" and "list" in query:
                return _youtube_playlist(query["list"][0])
            video_id = parts[1]
        elif parts == ["playlist"] and "list" in query:
            return _youtube_playlist(query["list"][0])
    if not video_id or not _YOUTUBE_ID.match(video_id):
        return None
    params = {}
    start = query.get("t", query.get("start", [None]))[0]
    if start is not None and (seconds := _seconds(start)):
        params["start"] = seconds
    suffix = f"?{urlencode(params)}" if params else ""
    # youtube-nocookie: the player sets no tracking cookies until playback starts
    return f"https://www.youtube-nocookie.com/embed/{video_id}{suffix}", None


def _youtube_playlist(list_id: str) -> tuple[str, None] | None:
    if not re.match(r"^[A-Za-z0-9_-]+$", list_id):
        return None
    return f"https://www.youtube-nocookie.com/embed/videoseries?{urlencode({'list': list_id})}", None


def _vimeo(host: str, parts: list[str], query: dict) -> tuple[str | None, str | None] | None:
    if host not in ("vimeo.com", "player.vimeo.com"):
        return None
    numeric = [i for i, part in enumerate(parts) if part.isdigit()]
    if not numeric:
        return None
    index = numeric[-1]
    params = {}
    # unlisted videos carry a privacy hash: vimeo.com/<id>/<hash> or ?h=<hash>
    if "h" in query:
        params["h"] = query["h"][0]
    elif index + 1 < len(parts) and re.match(r"^[0-9a-f]{6,}$", parts[index + 1]):
        params["h"] = parts[index + 1]
    params["dnt"] = 1  # "do not track": no analytics cookies from the player
    return f"https://player.vimeo.com/video/{parts[index]}?{urlencode(params)}", None


def _peertube(host: str, parts: list[str], query: dict) -> tuple[str | None, str | None] | None:
    # Any instance: recognised by PeerTube's own path shapes, not by host name.
    shapes = {
        ("videos", "watch", "playlist"): "video-playlists",
        ("w", "p"): "video-playlists",
        ("video-playlists", "embed"): "video-playlists",
        ("videos", "watch"): "videos",
        ("videos", "embed"): "videos",
        ("w",): "videos",
    }
    for prefix, kind in shapes.items():
        if len(parts) == len(prefix) + 1 and tuple(parts[: len(prefix)]) == prefix:
            if _PEERTUBE_ID.match(parts[-1]):
                return f"https://{host}/{kind}/embed/{parts[-1]}", None
    return None


def _speakerdeck(host: str, parts: list[str], query: dict) -> tuple[str | None, str | None] | None:
    if host != "speakerdeck.com" or not parts:
        return None
    if len(parts) == 2 and parts[0] == "player" and _HEX_ID.match(parts[1]):
        return f"https://speakerdeck.com/player/{parts[1]}", None
    if len(parts) == 2:
        return None, (
            "Speaker Deck embeds need the deck's player address: on Speaker Deck choose"
            " Share > Embed and use the https://speakerdeck.com/player/... URL;"
            " shown as a plain link"
        )
    return None


def _slideshare(host: str, parts: list[str], query: dict) -> tuple[str | None, str | None] | None:
    if not (host == "slideshare.net" or host.endswith(".slideshare.net")):
        return None
    if parts[:3] == ["slideshow", "embed_code", "key"] and len(parts) == 4:
        return f"https://www.slideshare.net/slideshow/embed_code/key/{parts[3]}", None
    if parts[:2] == ["slideshow", "embed_code"] and len(parts) == 3 and parts[2].isdigit():
        return f"https://www.slideshare.net/slideshow/embed_code/{parts[2]}", None
    # /slideshow/<title>/<id> and the older /<user>/<title>-<id>
    if len(parts) == 3 and parts[0] == "slideshow" and parts[2].isdigit():
        return f"https://www.slideshare.net/slideshow/embed_code/{parts[2]}", None
    if len(parts) == 2 and (match := re.search(r"-(\d{5,})$", parts[1])):
        return f"https://www.slideshare.net/slideshow/embed_code/{match.group(1)}", None
    if len(parts) == 2:
        return None, (
            "this SlideShare URL carries no presentation id: use the address from"
            " Share > Embed; shown as a plain link"
        )
    return None


def _google_slides(host: str, parts: list[str], query: dict) -> tuple[str | None, str | None] | None:
    if host != "docs.google.com" or parts[:2] != ["presentation", "d"] or len(parts) < 3:
        return None
    if parts[2] == "e" and len(parts) >= 4 and _SLIDES_ID.match(parts[3]):
        return f"https://docs.google.com/presentation/d/e/{parts[3]}/embed", None  # published
    if _SLIDES_ID.match(parts[2]):
        return f"https://docs.google.com/presentation/d/{parts[2]}/embed", None
    return None


def _notist(host: str, parts: list[str], query: dict) -> tuple[str | None, str | None] | None:
    if host != "noti.st" or len(parts) < 2:
        return None
    # Notist only offers a script embed, which would run third-party code on every
    # page view; a link is the honest click-to-load equivalent.
    return None, None


PROVIDERS: tuple[tuple[str, str, Matcher], ...] = (
    ("youtube", "YouTube", _youtube),
    ("vimeo", "Vimeo", _vimeo),
    ("speakerdeck", "Speaker Deck", _speakerdeck),
    ("slideshare", "SlideShare", _slideshare),
    ("googleslides", "Google Slides", _google_slides),
    ("notist", "Notist", _notist),
    ("peertube", "PeerTube", _peertube),  # last: it matches path shapes on any host
)

SLIDE_HOSTS = "Speaker Deck, SlideShare, Google Slides, Notist"
VIDEO_HOSTS = "YouTube, Vimeo, PeerTube, .mp4/.webm files"


def check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise UnsafeUrl(f"{url!r} is not an http(s) address")


def recognise(url: str, kind: str, siteurl: str = "") -> Recognised:
    """The embed for ``url`` shown as ``kind`` ('slides' or 'video').

    Raises UnsafeUrl for anything but http(s); returns a plain-link Embed plus a
    warning for a URL no provider recognises.
    """
    check_url(url)
    split = urlsplit(url)
    host = _host(split.netloc)
    parts = _segments(split.path)
    query = parse_qs(split.query)
    for provider_id, name, matcher in PROVIDERS:
        found = matcher(host, parts, query)
        if found is not None:
            embed_url, warning = found
            return Recognised(Embed(name, provider_id, url, embed_url, kind), warning)

    suffix = "." + split.path.rsplit(".", 1)[-1].lower() if "." in split.path else ""
    if kind == "video" and suffix in VIDEO_TYPES:
        same_origin = bool(siteurl) and siteurl.startswith(("http://", "https://")) and (
            url.startswith(siteurl + "/")
        )
        return Recognised(
            Embed("Video file", "file", url, url, kind, media_type=VIDEO_TYPES[suffix],
                  same_origin=same_origin)
        )
    known = SLIDE_HOSTS if kind == "slides" else VIDEO_HOSTS
    return Recognised(
        Embed(host, "link", url, None, kind),
        f"{url} is not from a recognised {kind} host ({known}); shown as a plain link",
    )
