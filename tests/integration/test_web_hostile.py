"""Hostile clients against `heatloop serve` (issue 10, item 12): percent-encoded bytes that
are not UTF-8 in paths and parameters are 400s with a log line, requests that arrive too
slowly are cut off (header and body timeouts), idle keep-alive connections are bounded and
time out, failed sign-ins back off per account and per
address with 429 + Retry-After, and the session cookie is Secure behind a declared HTTPS
proxy; label bodies with numbers beyond double, -0 or a NUL are handled like files."""

import http.client
import select
import socket
import time

import pytest
import requests

from web_server import Server

USERS = {"admin": ("admin", "admin-pass-1"), "ann": ("reviewer", "ann-pass-11"),
         "bob": ("viewer", "bob-pass-111"), "eve": ("viewer", "eve-pass-111")}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("hostile"), USERS)
    yield s
    s.stop()


def signed_in(server, name):
    http = requests.Session()
    r = http.post(server.url + "/api/v1/session",
                  json={"username": name, "password": USERS[name][1]})
    assert r.status_code == 200, r.text
    http.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return http


def wait_for_log(server, *parts, timeout=5):
    """The first server log line that holds every one of `parts` (ignoring case)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        for line in list(server.log):
            if all(p.lower() in line.lower() for p in parts):  # requests writes %FF
                return line
        time.sleep(0.05)
    raise AssertionError(f"{parts!r} not in the server log: {''.join(server.log[-10:])}")


@pytest.mark.parametrize("path, field, logged", [
    ("/api/v1/units/%ff", None, ["GET /api/v1/units/%ff 400", "'<0xFF>'"]),
    ("/api/v1/units/%c3%28/series?channels=t_supply", None,
     ["GET /api/v1/units/%c3%28/series 400", "'<0xC3>('"]),
    ("/api/v1/labels/%ff/history", None, ["GET /api/v1/labels/%ff/history 400", "'<0xFF>'"]),
    ("/api/v1/units?q=%ff", "q", ["GET /api/v1/units 400", "q: '<0xFF>' is not valid UTF-8"]),
    ("/api/v1/units?sort=unit%e9id", "sort",
     ["GET /api/v1/units 400", "sort: 'unit<0xE9>id' is not valid UTF-8"]),
])
def test_percent_encoded_bytes_that_are_not_utf8_are_400_and_logged(server, path, field, logged):
    http = signed_in(server, "admin")
    r = http.get(server.url + path)
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error["code"] == "bad_request" and error["field"] == field
    assert "not valid UTF-8" in error["message"]
    wait_for_log(server, *logged)


def test_a_request_whose_headers_trickle_in_is_cut_off(server):
    s = socket.create_connection(("127.0.0.1", server.port))
    s.sendall(b"GET /api/v1/session HTTP/1.1\r\nHost: x\r\n")
    start = time.monotonic()
    time.sleep(1.5)
    reply = b""
    # A header line every 2 s: each keeps the connection busy, none finishes the request.
    for i in range(12):
        readable, _, _ = select.select([s], [], [], 0)
        if not readable:
            s.sendall(b"X-Slow-%d: y\r\n" % i)
            readable, _, _ = select.select([s], [], [], 2)
        if readable:
            reply = s.recv(4096)
            break
    elapsed = time.monotonic() - start
    s.close()
    assert reply.startswith(b"HTTP/1.1 408"), reply
    assert 9 <= elapsed <= 14, elapsed  # the header timeout is 10 s


def test_a_body_that_never_arrives_is_cut_off(server):
    http = signed_in(server, "admin")
    cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
    s = socket.create_connection(("127.0.0.1", server.port))
    s.sendall(b"POST /api/v1/labels HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Cookie: " + cookie.encode() + b"\r\nX-CSRF-Token: "
              + http.headers["X-CSRF-Token"].encode() + b"\r\nContent-Length: 100\r\n\r\n{\"un")
    start = time.monotonic()
    s.settimeout(60)
    reply = s.recv(4096)
    elapsed = time.monotonic() - start
    s.close()
    assert reply.startswith(b"HTTP/1.1 408"), reply
    assert 25 <= elapsed <= 45, elapsed  # the body timeout is 30 s


def test_failed_sign_ins_back_off_per_account(server):
    url = server.url + "/api/v1/session"
    statuses = [requests.post(url, json={"username": "bob", "password": f"guess-{i}"}).status_code
                for i in range(15)]
    assert statuses[:6] == [401] * 6, statuses
    assert set(statuses[6:]) == {429}, statuses
    r = requests.post(url, json={"username": "bob", "password": USERS["bob"][1]})
    assert r.status_code == 429 and r.json()["error"]["code"] == "too_many_requests"
    assert 1 <= int(r.headers["Retry-After"]) <= 2
    assert "try again in" in r.json()["error"]["message"]
    # Another account from the same address is not held back ...
    assert requests.post(url, json={"username": "eve", "password": USERS["eve"][1]}).ok
    # ... and after the wait, bob's own password works again and clears the count.
    time.sleep(int(r.headers["Retry-After"]))
    assert requests.post(url, json={"username": "bob", "password": USERS["bob"][1]}).ok
    assert requests.post(url, json={"username": "bob", "password": "wrong"}).status_code == 401


def test_cookie_is_secure_only_behind_a_declared_https_proxy(server, tmp_path):
    r = requests.post(server.url + "/api/v1/session",
                      json={"username": "ann", "password": USERS["ann"][1]})
    assert r.ok and "Secure" not in r.headers["Set-Cookie"]
    proxied = Server(tmp_path / "proxied", USERS, "--behind-https-proxy")
    try:
        url = proxied.url + "/api/v1/session"
        r = requests.post(url, json={"username": "ann", "password": USERS["ann"][1]})
        assert r.ok and r.headers["Set-Cookie"].endswith("; Secure"), r.headers["Set-Cookie"]
        # Behind the proxy a client's address is the entry the proxy appended: guesses from
        # one address over many accounts back off there, and only there.
        for i in range(21):
            r = requests.post(url, json={"username": f"nobody{i}", "password": "x" * 8},
                              headers={"X-Forwarded-For": "198.51.100.7, 203.0.113.5"})
            assert r.status_code == 401, (i, r.text)
        r = requests.post(url, json={"username": "admin", "password": USERS["admin"][1]},
                          headers={"X-Forwarded-For": "203.0.113.5"})
        assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
        r = requests.post(url, json={"username": "admin", "password": USERS["admin"][1]},
                          headers={"X-Forwarded-For": "203.0.113.5, 203.0.113.6"})
        assert r.ok, r.text
    finally:
        proxied.stop()


def test_label_bodies_with_numbers_beyond_double_or_minus_zero(server):
    http = signed_in(server, "ann")
    body = ('{"unit_id": "u1", "start": 1704067200000, "end": 1704070800000, '
            '"category": "sensor_fault", "confidence": %s}')
    r = http.post(server.url + "/api/v1/labels", data=body % "1e309",
                  headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_request", r.text
    r = http.post(server.url + "/api/v1/labels", data=body % "-0.0",
                  headers={"Content-Type": "application/json"})
    assert r.status_code == 201, r.text
    assert '"confidence":0.0' in r.text and '"confidence":-0.0' not in r.text, r.text
    r = http.post(server.url + "/api/v1/labels",
                  json={"unit_id": "u1", "start": 1704074400000, "end": 1704078000000,
                        "category": "sensor_fault", "notes": "a\u0000b"})
    assert r.status_code == 400 and "NUL" in r.json()["error"]["message"], r.text


def closed_by_server(sock):
    """True when the server has closed the connection (a zero-byte read)."""
    sock.setblocking(False)
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        sock.setblocking(True)


def test_idle_keep_alive_connections_are_bounded_and_time_out(server):
    # 300 clients each send one request and keep the connection open: at most 256 stay idle,
    # the longest idle ones are closed first.
    conns = []
    for _ in range(300):
        c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        c.request("GET", "/api/v1/session")
        r = c.getresponse()
        r.read()
        assert r.status == 401  # not signed in: a cheap answer, the connection stays open
        conns.append(c)
    time.sleep(0.5)
    closed = [closed_by_server(c.sock) for c in conns]
    assert sum(closed) == 300 - 256, sum(closed)
    assert all(closed[:44]) and not any(closed[44:])
    # Idle for more than 5 s, every one is closed.
    time.sleep(6)
    assert all(closed_by_server(c.sock) for c in conns[44:])
    for c in conns:
        c.close()
