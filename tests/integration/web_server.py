"""Starts `heatloop serve` on a tiny workspace for the hostile-client tests: units from a
units.csv, users added with known passwords, the server on a free loopback port."""

import os
import re
import signal
import subprocess
import threading
from pathlib import Path

UNITS = "unit_id,type,location\nu1,ASHP,Bern\nu2,GSHP,Basel\n"


class Server:
    def __init__(self, base: Path, users: dict, *extra_args):
        binary = os.environ["HEATLOOP_BIN"]
        base.mkdir(parents=True, exist_ok=True)
        (base / "units.csv").write_text(UNITS)
        ws = base / "ws"
        subprocess.run([binary, "ingest", base / "units.csv", "--workspace", ws], check=True,
                       capture_output=True)
        for name, (role, password) in users.items():
            subprocess.run([binary, "users", "add", name, "--role", role, "--workspace", ws,
                            "--password-stdin"], input=password + "\n", text=True, check=True,
                           capture_output=True)
        static = base / "static"
        static.mkdir(exist_ok=True)
        (static / "index.html").write_text("<!doctype html><title>heatloop</title>")
        self.proc = subprocess.Popen(
            [binary, "serve", "--workspace", ws, "--port", "0", "--static", static, "--log",
             *extra_args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert m, f"no URL in {line!r}"
        self.port = int(m.group(1))
        self.url = f"http://127.0.0.1:{self.port}"
        # The request log, collected as it is written (the pipe must not fill up).
        self.log = []
        self._reader = threading.Thread(target=self._read_log, daemon=True)
        self._reader.start()

    def _read_log(self):
        for line in self.proc.stderr:
            self.log.append(line)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=60)
        self._reader.join(timeout=10)
        assert code == 0, "".join(self.log[-20:])
