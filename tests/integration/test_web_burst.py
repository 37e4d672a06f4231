"""The burst of issue 10 (item 12), bounded and on loopback: 200 concurrent keep-alive
clients and 150 slow clients (a header line every 2 s, reconnecting when cut off) must not
starve a normal client. The issue's criterion is that the normal client's requests are
answered within 1 s; on a shared test machine the assertion allows 3 s (before the fix they
went unanswered for 30 s and more), and the measured figures are printed (run with -s) and
recorded in bench/README.md "Web app under a burst"."""

import http.client
import multiprocessing
import socket
import statistics
import threading
import time

import requests

from web_server import Server

KEEP_ALIVE_CLIENTS = 200
SLOW_CLIENTS = 150
ATTACK_SECONDS = 18
BOUND_SECONDS = 3.0
USERS = {"ann": ("reviewer", "ann-pass-11")}


def keep_alive_client(port, stop_at, out, lock):
    """One persistent connection asking every half second; counts answers and the slowest."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    answered = errors = 0
    worst = 0.0
    while time.monotonic() < stop_at:
        t = time.monotonic()
        try:
            conn.request("GET", "/api/v1/session")  # 401: cheap, through the whole API path
            conn.getresponse().read()
            answered += 1
            worst = max(worst, time.monotonic() - t)
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
        time.sleep(0.5)
    conn.close()
    with lock:
        out["answered"] += answered
        out["errors"] += errors
        out["worst"] = max(out["worst"], worst)


def still_waiting(s):
    """True while the server has neither answered nor closed a (non-blocking) socket."""
    try:
        s.recv(1, socket.MSG_PEEK)
    except BlockingIOError:
        return True
    except OSError:
        return False
    return False  # an answer (408) or the end of the stream


def slow_clients(port, stop_at, out, lock):
    """SLOW_CLIENTS connections sending one more header line every 2 s, never finishing;
    a connection the server cuts off is replaced by a new one."""
    def connect():
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /api/v1/session HTTP/1.1\r\nHost: x\r\n")
        s.setblocking(False)
        return s

    socks = [connect() for _ in range(SLOW_CLIENTS)]
    reconnects = 0
    line = 0
    while time.monotonic() < stop_at:
        time.sleep(2)
        line += 1
        for i, s in enumerate(socks):
            if still_waiting(s):
                try:
                    s.sendall(b"X-Slow-%d: y\r\n" % line)
                    continue
                except OSError:
                    pass
            s.close()
            socks[i] = connect()
            reconnects += 1
    for s in socks:
        s.close()
    with lock:
        out["slow_reconnects"] = reconnects


def attack(port, stop_at, results):
    out = {"answered": 0, "errors": 0, "worst": 0.0, "slow_reconnects": 0}
    lock = threading.Lock()
    threads = [threading.Thread(target=keep_alive_client, args=(port, stop_at, out, lock))
               for _ in range(KEEP_ALIVE_CLIENTS)]
    threads.append(threading.Thread(target=slow_clients, args=(port, stop_at, out, lock)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results.put(out)


def test_keep_alive_and_slow_clients_do_not_starve_a_normal_client(tmp_path):
    server = Server(tmp_path, USERS)
    try:
        r = requests.post(server.url + "/api/v1/session",
                          json={"username": "ann", "password": USERS["ann"][1]})
        assert r.ok, r.text
        cookies = r.cookies
        results = multiprocessing.Queue()
        stop_at = time.monotonic() + ATTACK_SECONDS
        attacker = multiprocessing.Process(target=attack, args=(server.port, stop_at, results))
        attacker.start()
        time.sleep(3)  # every attacking connection is open and busy
        latencies = []
        while time.monotonic() < stop_at - 1:
            t = time.monotonic()
            # A new connection each time, as a browser opening the app would.
            r = requests.get(server.url + "/api/v1/units", cookies=cookies, timeout=60)
            latencies.append(time.monotonic() - t)
            assert r.status_code == 200, r.text
            assert [u["unit_id"] for u in r.json()["units"]] == ["u1", "u2"]
            time.sleep(0.25)
        out = results.get(timeout=120)
        attacker.join(timeout=60)
        print(f"\nnormal client: {len(latencies)} requests, median "
              f"{statistics.median(latencies) * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms; "
              f"keep-alive clients: {out['answered']} answered, {out['errors']} errors, slowest "
              f"{out['worst'] * 1000:.1f} ms; slow clients cut off and reconnected: "
              f"{out['slow_reconnects']}")
        assert len(latencies) >= 20
        assert max(latencies) < BOUND_SECONDS, latencies
        # The attack really ran: the keep-alive clients were answered throughout ...
        assert out["answered"] >= KEEP_ALIVE_CLIENTS * (ATTACK_SECONDS - 4) * 1.5
        # ... but for the few whose idle connection the server closed to keep its bound on
        # idle connections (256 < 200 keep-alive + 150 slow clients): a bounded server sheds
        # some attackers' connections, never the normal client's requests.
        assert out["errors"] <= 0.02 * out["answered"], out
        assert out["worst"] < BOUND_SECONDS
        # ... and the slow clients were held until the header timeout, then cut off.
        assert out["slow_reconnects"] >= SLOW_CLIENTS
    finally:
        server.stop()
