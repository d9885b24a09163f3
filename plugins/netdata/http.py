"""The one place where HTTP sessions are built and responses are read safely.

Every network task goes through :func:`make_session` (timeouts, retries with
backoff, User-Agent, redirect policy) and :func:`fetch` (size limit, total deadline,
content type, clear messages), so no caller sets these up on its own.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from kernel.problems import Problem
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .errors import NetworkDataError

VERSION = "0.1"
USER_AGENT = f"Recap/{VERSION} (+https://github.com/recap)"
WEB_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
RETRY_STATUSES = (500, 502, 503, 504)
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class HttpPolicy:
    """How patient and how careful a session is; tests use short timeouts and no backoff."""

    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    max_bytes: int = 20 * 1024 * 1024
    max_retry_after: float = 30.0  # longest Retry-After wait honoured, in seconds
    user_agent: str = USER_AGENT
    # A read timeout restarts with every byte, so a server dripping one byte at a time
    # would hold a task forever: the deadline bounds the whole download.
    deadline: float = 120.0
    # For tests only, whose servers listen on 127.0.0.1: networks a redirect may lead
    # into although they are loopback or private. Deliberately not a site setting.
    allow_networks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fetched:
    """A response read in full: final URL, status, headers (lower-case names) and body."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes


class UnsafeRedirect(requests.RequestException):
    """A redirect the policy refuses: not http(s), another port, a private address, another server."""


class _CappedRetry(Retry):
    """urllib3's Retry, but a server's Retry-After cannot park a task for an hour."""

    max_retry_after: float = 30.0

    def new(self, **kwargs) -> _CappedRetry:
        # every retry is a fresh copy; the cap must travel with it
        copy = super().new(**kwargs)
        copy.max_retry_after = self.max_retry_after
        return copy

    def get_retry_after(self, response) -> float | None:
        wait = super().get_retry_after(response)
        return None if wait is None else min(wait, self.max_retry_after)


class _PolicyAdapter(HTTPAdapter):
    """An adapter that applies the policy's timeouts when a call gives none."""

    def __init__(self, policy: HttpPolicy):
        self._timeout = (policy.connect_timeout, policy.read_timeout)
        retry = _CappedRetry(
            total=policy.retries,
            connect=policy.retries,
            read=policy.retries,
            status=policy.retries,
            backoff_factor=policy.backoff,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET", "HEAD", "POST"}),
            # the last 5xx response is returned, so the message can name its status
            raise_on_status=False,
            respect_retry_after_header=True,
        )
        retry.max_retry_after = policy.max_retry_after
        super().__init__(max_retries=retry)

    def send(self, request, stream=False, timeout=None, **kwargs):  # type: ignore[override]
        return super().send(request, stream=stream, timeout=timeout or self._timeout, **kwargs)


Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to; none when it does not resolve (the connection fails later)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    return sorted({str(info[4][0]) for info in infos})


def public_address(address: str, allow_networks: Iterable[str] = ()) -> bool:
    """True for an address on the public internet (or in one of ``allow_networks``).

    Loopback, private, link-local (cloud metadata at 169.254.169.254), shared,
    reserved, multicast and unspecified addresses are not public; an IPv4 address
    written as IPv6 (``::ffff:10.0.0.1``) is judged as the IPv4 address it is.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if any(ip in ipaddress.ip_network(n, strict=False) for n in allow_networks):
        return True
    return ip.is_global and not ip.is_multicast


def _port(url: str) -> int | None:
    parts = urlsplit(url)
    try:
        return parts.port or DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        return None


def origin(url: str) -> tuple[str, str]:
    """Scheme and host[:port] of a URL, lower case: what "the same server" means."""
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def redirect_refusal(source: str, target: str, policy: HttpPolicy, resolver: Resolver = resolve) -> str:
    """Why a redirect from ``source`` to ``target`` must not be followed; "" when it may.

    The one redirect policy of every task: web schemes only, the source's port or
    the scheme's standard one (http -> https stays allowed), and no address that
    is not public, so a redirect cannot turn a request into a probe of the
    machine or its network.
    """
    scheme = urlsplit(target).scheme.lower()
    if scheme not in WEB_SCHEMES:
        return f"redirected to a non-HTTP URL ({scheme or 'no scheme'}:)"
    host, port = urlsplit(target).hostname, _port(target)
    if not host or port is None:
        return f"redirected to an invalid URL: {target}"
    if port not in (_port(source), DEFAULT_PORTS[scheme]):
        return f"redirected to another port ({port}): {target}"
    private = [a for a in resolver(host, port) if not public_address(a, policy.allow_networks)]
    if private:
        return f"redirected to a private or loopback address ({private[0]}): {target}"
    return ""


def _refusing(reason_for: Callable[[str, str], str]):
    """A response hook refusing a redirect hop when ``reason_for(source, target)`` gives a reason.

    Response hooks run on every response of a redirect chain, before the next hop is requested.
    """

    def refuse(response: requests.Response, *args, **kwargs) -> None:
        if response.is_redirect:
            target = urljoin(response.url, response.headers.get("location", ""))
            reason = reason_for(response.url, target)
            if reason:
                response.close()
                raise UnsafeRedirect(reason)

    return refuse


def _redirect_guard(policy: HttpPolicy):
    return _refusing(lambda source, target: redirect_refusal(source, target, policy))


def _stay_on(first: str):
    def away(source: str, target: str) -> str:
        return "" if origin(target) == origin(first) else f"redirected away from {origin(first)[1]}: {target}"

    return _refusing(away)


def make_session(policy: HttpPolicy = HttpPolicy()) -> requests.Session:
    """A requests Session with the policy's timeouts, retries, User-Agent and redirect check."""
    session = requests.Session()
    session.headers["User-Agent"] = policy.user_agent
    # Only the mounts below decide which schemes can be reached at all.
    session.adapters.clear()
    adapter = _PolicyAdapter(policy)
    for scheme in WEB_SCHEMES:
        session.mount(f"{scheme}://", adapter)
    session.hooks["response"].append(_redirect_guard(policy))
    return session


def describe_error(exc: BaseException, policy: HttpPolicy) -> str:
    """A one-line, plain-language reason for a failed request (never headers or tokens)."""
    if isinstance(exc, UnsafeRedirect):
        return str(exc)
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return f"could not connect within {policy.connect_timeout:g} s"
    if isinstance(exc, requests.exceptions.ReadTimeout) or _caused_by(exc, urllib3.exceptions.ReadTimeoutError):
        return f"the server sent nothing for {policy.read_timeout:g} s (read timeout)"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError) or _caused_by(exc, urllib3.exceptions.ProtocolError):
        return "the connection closed before the whole response arrived (truncated download)"
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return "the response could not be decompressed"
    if isinstance(exc, requests.exceptions.TooManyRedirects):
        return "too many redirects"
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS/SSL error (certificate or handshake)"
    if isinstance(exc, requests.exceptions.RetryError):
        return "the server kept failing; gave up after retries"
    if isinstance(
        exc,
        (
            requests.exceptions.InvalidSchema,
            requests.exceptions.MissingSchema,
            requests.exceptions.InvalidURL,
        ),
    ):
        return "not an http(s) URL"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return "cannot connect (offline, wrong host name or the server is down)"
    return f"request failed ({type(exc).__name__})"


def _caused_by(exc: BaseException, kind: type) -> bool:
    seen: set[int] = set()
    stack: list[BaseException | object] = [exc]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, kind):
            return True
        if isinstance(item, BaseException):
            stack.extend(a for a in item.args if isinstance(a, BaseException))
            for linked in (item.__cause__, item.__context__, getattr(item, "reason", None)):
                if linked is not None:
                    stack.append(linked)
    return False


def _status_message(response: requests.Response) -> str:
    reason = f" {response.reason}" if response.reason else ""
    history = getattr(getattr(response.raw, "retries", None), "history", ())
    tries = f" (after {len(history)} retries)" if history else ""
    return f"HTTP {response.status_code}{reason}{tries}"


class DeadlinePassed(Exception):
    """The whole request took longer than the policy's deadline."""


class TooLarge(Exception):
    """The body passed the policy's size limit; the text says by how much.

    Its own type, not a ValueError, so a ValueError from reading the body is never taken for it.
    """


def deadline_message(policy: HttpPolicy) -> str:
    return f"the download took longer than {policy.deadline:g} s (total deadline); stopped"


def _socket(response: requests.Response) -> socket.socket | None:
    """The socket a streamed response reads from.

    The connection keeps it while it stays open; when the server closes after
    the body, http.client hands it to the response's file object instead.
    """
    sock = getattr(getattr(response.raw, "connection", None), "sock", None)
    if sock is None:
        sock = getattr(getattr(getattr(getattr(response.raw, "_fp", None), "fp", None), "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


def _shut(response: requests.Response, fired: threading.Event) -> None:
    # Shutting the socket down wakes the thread blocked in recv(); closing it would not.
    fired.set()
    sock = _socket(response)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def read_limited(response: requests.Response, max_bytes: int, until: float | None = None) -> bytes:
    """The body, stopping as soon as it passes ``max_bytes`` (a declared size is checked first).

    Raises :class:`TooLarge` with a message when the limit is passed; the rest of
    the body is never read.  ``until`` (a :func:`time.monotonic` time) is a deadline:
    the connection is cut when it passes, and :class:`DeadlinePassed` is raised
    however the cut read ended (a body without a declared size would look complete).
    """
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(f"the response is {int(declared):,} bytes, over the limit of {max_bytes:,} bytes")
    fired = threading.Event()
    timer = None
    if until is not None:
        timer = threading.Timer(max(0.0, until - time.monotonic()), _shut, (response, fired))
        timer.daemon = True
        timer.start()
    parts: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(CHUNK_BYTES):
            size += len(chunk)
            if size > max_bytes:
                raise TooLarge(f"the response passed the limit of {max_bytes:,} bytes; stopped")
            parts.append(chunk)
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError):
        if fired.is_set():
            raise DeadlinePassed() from None
        raise
    finally:
        if timer is not None:
            timer.cancel()
    if fired.is_set():
        raise DeadlinePassed()
    return b"".join(parts)


def fetch(
    session: requests.Session,
    url: str,
    policy: HttpPolicy,
    *,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    json: object = None,
    content_types: Iterable[str] | None = None,
    ok_statuses: Iterable[int] = (200,),
    stay_on: str | None = None,
) -> Fetched:
    """Request ``url`` and read the body within the policy's size limit and deadline.

    ``content_types`` lists the acceptable media types (a missing Content-Type is
    allowed; the caller sniffs the body). ``ok_statuses`` may add 304 for
    conditional requests. ``stay_on`` (a URL) refuses any redirect hop to another
    server than that URL's. Any failure raises :class:`NetworkDataError` with one
    problem naming the URL.
    """
    if urlsplit(url).scheme.lower() not in WEB_SCHEMES:
        raise NetworkDataError(Problem(url, message="not an http(s) URL"))
    until = time.monotonic() + policy.deadline
    hooks = {"response": [*session.hooks["response"], _stay_on(stay_on)]} if stay_on else None
    try:
        with session.request(
            method, url, headers=dict(headers or {}), json=json, stream=True, hooks=hooks
        ) as response:
            if time.monotonic() > until:
                raise DeadlinePassed()
            if response.status_code not in tuple(ok_statuses):
                raise NetworkDataError(Problem(url, message=_status_message(response)))
            got = response.headers.get("content-type", "").split(";")[0].strip().lower()
            allowed = {c.lower() for c in content_types} if content_types is not None else None
            if allowed is not None and got and got not in allowed and response.status_code != 304:
                raise NetworkDataError(
                    Problem(
                        url,
                        message=f"unexpected content type {got} (expected {', '.join(sorted(allowed))})",
                    )
                )
            try:
                body = read_limited(response, policy.max_bytes, until)
            except TooLarge as exc:
                raise NetworkDataError(Problem(url, message=str(exc))) from None
            return Fetched(
                url=response.url,
                status=response.status_code,
                headers={k.lower(): v for k, v in response.headers.items()},
                body=body,
            )
    except DeadlinePassed:
        raise NetworkDataError(Problem(url, message=deadline_message(policy))) from None
    except requests.RequestException as exc:
        raise NetworkDataError(Problem(url, message=describe_error(exc, policy))) from None
