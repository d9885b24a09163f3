"""The shared HTTP layer: retries, timeouts, size limit, content type and redirect policy.

Every fault is injected by a local server on 127.0.0.1; each must end in one
NetworkDataError naming the URL and saying in plain words what went wrong.
"""

from __future__ import annotations

import dataclasses
import socket
import time
from collections.abc import Iterator

import pytest
from netdata import http
from netdata.errors import NetworkDataError
from netdata.http import USER_AGENT, HttpPolicy, fetch, make_session, public_address
from netfaults import Stream, drip, redirect, truncated
from pytest_httpserver import HTTPServer


def only_message(exc_info: pytest.ExceptionInfo) -> str:
    [problem] = exc_info.value.problems
    return problem.message


def test_server_errors_are_retried_until_success(httpserver: HTTPServer, policy: HttpPolicy):
    httpserver.expect_ordered_request("/sheet.csv").respond_with_data("oops", status=500)
    httpserver.expect_ordered_request("/sheet.csv").respond_with_data("oops", status=503)
    httpserver.expect_ordered_request("/sheet.csv").respond_with_data("a,b\n1,2\n")

    got = fetch(make_session(policy), httpserver.url_for("/sheet.csv"), policy)

    assert got.body == b"a,b\n1,2\n"
    assert len(httpserver.log) == 3


def test_a_server_that_keeps_failing_is_given_up_after_the_retries(httpserver: HTTPServer, policy: HttpPolicy):
    httpserver.expect_request("/sheet.csv").respond_with_data("oops", status=500)

    with pytest.raises(NetworkDataError) as exc_info:
        fetch(make_session(policy), httpserver.url_for("/sheet.csv"), policy)

    assert only_message(exc_info) == f"HTTP 500 INTERNAL SERVER ERROR (after {policy.retries} retries)"
    assert len(httpserver.log) == policy.retries + 1


def test_client_errors_are_not_retried(httpserver: HTTPServer, policy: HttpPolicy):
    httpserver.expect_request("/gone.csv").respond_with_data("", status=404)

    with pytest.raises(NetworkDataError) as exc_info:
        fetch(make_session(policy), httpserver.url_for("/gone.csv"), policy)

    assert only_message(exc_info) == "HTTP 404 NOT FOUND"
    assert len(httpserver.log) == 1


def test_a_response_slower_than_the_read_timeout_fails(stalled_url: str, policy: HttpPolicy):
    with pytest.raises(NetworkDataError) as exc_info:
        fetch(make_session(policy), stalled_url, policy)

    [problem] = exc_info.value.problems
    assert problem.file == stalled_url
    assert problem.message == "the server sent nothing for 0.3 s (read timeout)"


def test_a_body_shorter_than_its_content_length_is_a_truncated_download(httpserver: HTTPServer, policy: HttpPolicy):
    httpserver.expect_request("/sheet.csv").respond_with_handler(truncated(b"a,b\n1,", 5000))

    with pytest.raises(NetworkDataError) as exc_info:
        fetch(make_session(policy), httpserver.url_for("/sheet.csv"), policy)

    assert "truncated download" in only_message(exc_info)


def test_a_streamed_body_is_cut_at_the_size_limit_without_reading_it_all(httpserver: HTTPServer, policy: HttpPolicy):
    fifty_mb = Stream(50 * 1024 * 1024)
    httpserver.expect_request("/huge.csv").respond_with_handler(fifty_mb)

    with pytest.raises(NetworkDataError) as exc_info:
        fetch(make_session(policy), httpserver.url_for("/huge.csv"), policy)

    assert only_message(exc_info) == "the response passed the limit of 1,000,000 bytes; stopped"
    # the server stops when the client hangs up: what it produced is the limit plus
    # whatever the socket buffers took, far from the 50 MB it offered
    assert fifty_mb.produced < fifty_mb.total / 4


def test_a_declared_size_over_the_limit_is_refused_before_reading(httpserver: HTTPServer, policy: HttpPolicy):
    fifty_mb = Stream(50 * 1024 * 1024, declare_length=True)
    httpserver.expect_request("/huge.csv").respond_with_handler(fifty_mb)

    with pytest.raises(NetworkDataError) as exc_info:
        fetch(make_session(policy), httpserver.url_for("/huge.csv"), policy)

    assert only_message(exc_info) == ("the response is 52,428,800 bytes, over the limit of 1,000,000 bytes")
    assert fifty_mb.produced < fifty_mb.total / 4


def test_a_value_error_while_reading_the_body_is_not_reported_as_the_size_limit(
        httpserver: HTTPServer, policy: HttpPolicy, monkeypatch):
    httpserver.expect_request("/sheet.csv").respond_with_data("a,b\n1,2\n", content_type="text/csv")

    def broken(*_args):
        raise ValueError("a bug while reading")  # not the limit: it must surface as itself

    monkeypatch.setattr(http, "read_limited", broken)

    with pytest.raises(ValueError, match="a bug while reading"):
        fetch(make_session(policy), httpserver.url_for("/sheet.csv"), policy)


def test_a_wrong_content_type_is_refused(httpserver: HTTPServer, policy: HttpPolicy):
    httpserver.expect_request("/sheet.csv").respond_with_data("<html></html>", content_type="text/html")

    with pytest.raises(NetworkDataError) as exc_info:
        fetch(
            make_session(policy),
            httpserver.url_for("/sheet.csv"),
            policy,
            content_types=["text/csv"],
        )

    assert only_message(exc_info) == "unexpected content type text/html (expected text/csv)"


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/sheet.csv"])
def test_a_redirect_to_a_non_http_scheme_is_refused(httpserver: HTTPServer, policy: HttpPolicy, target: str):
    httpserver.expect_request("/sheet.csv").respond_with_data("", status=302, headers={"Location": target})

    with pytest.raises(NetworkDataError) as exc_info:
        fetch(make_session(policy), httpserver.url_for("/sheet.csv"), policy)

    scheme = target.split(":")[0]
    assert only_message(exc_info) == f"redirected to a non-HTTP URL ({scheme}:)"


def test_a_redirect_to_http_is_followed(httpserver: HTTPServer, policy: HttpPolicy):
    httpserver.expect_request("/old.csv").respond_with_data("", status=301, headers={"Location": "/new.csv"})
    httpserver.expect_request("/new.csv").respond_with_data("a,b\n")

    got = fetch(make_session(policy), httpserver.url_for("/old.csv"), policy)

    assert (got.url, got.body) == (httpserver.url_for("/new.csv"), b"a,b\n")


def test_every_request_carries_the_recap_user_agent(httpserver: HTTPServer, policy: HttpPolicy):
    httpserver.expect_request("/sheet.csv").respond_with_data("a,b\n")

    fetch(make_session(policy), httpserver.url_for("/sheet.csv"), policy)

    [(request, _response)] = httpserver.log
    assert request.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("Recap/")


def test_a_closed_port_is_reported_as_cannot_connect(policy: HttpPolicy):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/sheet.csv"

    with pytest.raises(NetworkDataError) as exc_info:
        fetch(make_session(policy), url, policy)

    assert only_message(exc_info).startswith("cannot connect")


def test_only_http_urls_are_fetched(policy: HttpPolicy):
    with pytest.raises(NetworkDataError) as exc_info:
        fetch(make_session(policy), "file:///etc/passwd", policy)

    assert only_message(exc_info) == "not an http(s) URL"


def test_a_long_retry_after_is_capped_by_the_policy(httpserver: HTTPServer, policy: HttpPolicy):
    # without the cap this test would wait an hour before its second request
    capped = HttpPolicy(**{**policy.__dict__, "max_retry_after": 0})
    httpserver.expect_ordered_request("/sheet.csv").respond_with_data(
        "busy", status=503, headers={"Retry-After": "3600"}
    )
    httpserver.expect_ordered_request("/sheet.csv").respond_with_data("a,b\n")

    got = fetch(make_session(capped), httpserver.url_for("/sheet.csv"), capped)

    assert got.body == b"a,b\n"
    assert len(httpserver.log) == 2


@pytest.fixture
def other_port() -> Iterator[HTTPServer]:
    """A second local server, on a port of its own."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_a_redirect_to_a_loopback_address_is_refused_by_default(httpserver: HTTPServer, policy: HttpPolicy):
    default = dataclasses.replace(policy, allow_networks=())
    target = f"http://127.0.0.1:{httpserver.port}/admin.csv"
    httpserver.expect_request("/sheet.csv").respond_with_handler(redirect(target))
    httpserver.expect_request("/admin.csv").respond_with_data("secret,1\n")

    with pytest.raises(NetworkDataError) as exc_info:
        fetch(make_session(default), httpserver.url_for("/sheet.csv"), default)

    assert only_message(exc_info) == f"redirected to a private or loopback address (127.0.0.1): {target}"
    assert [r.path for r, _ in httpserver.log] == ["/sheet.csv"]


@pytest.mark.parametrize("host", ["10.1.2.3", "192.168.0.10", "169.254.169.254", "[::1]", "[::ffff:10.0.0.1]"])
def test_a_redirect_to_a_private_address_is_refused_before_connecting(
    httpserver: HTTPServer, policy: HttpPolicy, host: str
):
    target = f"http://{host}:{httpserver.port}/latest/meta-data/"
    httpserver.expect_request("/sheet.csv").respond_with_handler(redirect(target))

    with pytest.raises(NetworkDataError) as exc_info:
        fetch(make_session(policy), httpserver.url_for("/sheet.csv"), policy)

    address = host.strip("[]")
    assert only_message(exc_info) == f"redirected to a private or loopback address ({address}): {target}"


def test_a_redirect_to_another_port_is_refused(httpserver: HTTPServer, other_port: HTTPServer, policy: HttpPolicy):
    target = other_port.url_for("/sheet.csv")
    httpserver.expect_request("/sheet.csv").respond_with_handler(redirect(target))
    other_port.expect_request("/sheet.csv").respond_with_data("a,b\n")

    with pytest.raises(NetworkDataError) as exc_info:
        fetch(make_session(policy), httpserver.url_for("/sheet.csv"), policy)

    assert only_message(exc_info) == f"redirected to another port ({other_port.port}): {target}"
    assert other_port.log == []


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
     "224.0.0.1", "::1", "fe80::1", "fc00::1", "::ffff:192.168.1.1", "::"],
)
def test_loopback_private_link_local_and_reserved_addresses_are_not_public(address: str):
    assert public_address(address) is False


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700::1111", "::ffff:93.184.216.34"])
def test_internet_addresses_are_public(address: str):
    assert public_address(address) is True


def test_only_the_listed_networks_are_allowed_for_tests():
    assert public_address("127.0.0.1", ["127.0.0.1/32"]) is True
    assert public_address("127.0.0.2", ["127.0.0.1/32"]) is False
    assert public_address("10.0.0.1", ["127.0.0.1/32"]) is False


def test_the_default_policy_allows_no_private_network():
    assert HttpPolicy().allow_networks == ()


@pytest.fixture(params=[False, True], ids=["until-close", "declared-length"])
def dripping_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A URL whose server sends one byte every 0.2 s for 20 s, on a threaded server of its own."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.expect_request("/drip.csv").respond_with_handler(drip(100, 0.2, declare_length=request.param))
    server.start()
    try:
        yield server.url_for("/drip.csv")
    finally:
        server.stop()


def test_a_body_that_trickles_in_is_cut_at_the_total_deadline(dripping_url: str, policy: HttpPolicy):
    # every byte comes well within the read timeout; only the deadline ends the download
    patient = dataclasses.replace(policy, read_timeout=1, deadline=1)
    started = time.monotonic()

    with pytest.raises(NetworkDataError) as exc_info:
        fetch(make_session(patient), dripping_url, patient)

    [problem] = exc_info.value.problems
    assert (problem.file, problem.message) == (
        dripping_url,
        "the download took longer than 1 s (total deadline); stopped",
    )
    assert time.monotonic() - started < 3
