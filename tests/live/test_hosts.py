"""Several hosts: a real nginx routes by workshop code to two instances, each with its own database.

The front config is the one in docs/deploy.md ("Several hosts"): the code in
the page address (`/j/`, `/p/`, `/f/`, `/o/w/`) or, for Socket.IO, in the `w`
query argument the pages add, picks the host from a map file written by
`tyopaja hosts-map`. nginx runs from its Debian package (`nginx-light`) with its
own prefix, config and logs in a temporary folder, on a free loopback port.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import socketio

from tests.helpers import ROOT, Client, LiveServer, cid, free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
KEY = "hosts-test-instance-key-" + "k" * 24

FRONT_CONF = """\
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
{user}
events {{ worker_connections 256; }}

http {{
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;

{front}
    upstream h1 {{ server 127.0.0.1:{port_a}; }}
    upstream h2 {{ server 127.0.0.1:{port_b}; }}

    server {{
        listen 127.0.0.1:{port};
{locations}
    }}
}}
"""

# The same blocks as docs/deploy.md, "Several hosts" (test_the_docs_show_this_front_config).
FRONT_MAPS = """\
    map $uri $code_in_path {
        ~^/(?:j|p|f|o/w)/(?<c>[A-Za-z0-9]+)   $c;
        default                               "";
    }
    map $code_in_path $workshop_code {
        ""        $arg_w;                     # Socket.IO: /socket.io/?w=CODE&EIO=4...
        default   $code_in_path;
    }
    map $workshop_code $workshop_host {
        default   h1;                         # new workshops, organiser pages, static files
        include   {map_file};
    }
    map $http_upgrade $connection_upgrade {
        default   upgrade;
        ''        close;
    }
"""

FRONT_LOCATIONS = """\
        location / {
            proxy_pass http://$workshop_host;
            proxy_http_version 1.1;
            proxy_set_header Host $http_host;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_buffering off;
            proxy_read_timeout 120s;
        }
"""


class Nginx:
    """nginx in the foreground (`daemon off`) with its own prefix; reloaded by SIGHUP."""

    def __init__(self, prefix: Path, port_a: int, port_b: int, map_file: Path):
        self.prefix = prefix
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        for folder in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / folder).mkdir(parents=True, exist_ok=True)
        self.conf = prefix / "nginx.conf"
        self.conf.write_text(
            FRONT_CONF.format(
                prefix=prefix, port=self.port, port_a=port_a, port_b=port_b,
                user="user root;" if os.geteuid() == 0 else "",
                front=FRONT_MAPS.replace("{map_file}", str(map_file)),
                locations=FRONT_LOCATIONS,
            ),
            encoding="utf-8",
        )  # fmt: skip
        self.process: subprocess.Popen | None = None

    def command(self, *extra: str) -> list[str]:
        return [NGINX, "-p", str(self.prefix), "-c", str(self.conf), "-e", str(self.error_log)]

    @property
    def error_log(self) -> Path:
        return self.prefix / "error.log"

    def start(self, timeout: float = 10.0) -> None:
        check = subprocess.run([*self.command(), "-t"], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        self.process = subprocess.Popen(
            self.command(), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("nginx exited: " + self.error_log.read_text())
            try:
                requests.get(f"{self.url}/healthz", timeout=1)
                return
            except requests.ConnectionError:
                time.sleep(0.05)
        raise TimeoutError("nginx did not listen")

    def reload(self) -> None:
        """Re-read the config and the map (nginx -s reload does the same): no restart."""
        self.process.send_signal(signal.SIGHUP)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


@pytest.fixture(scope="module")
def hosts(tmp_path_factory):
    """Hosts A and B (each its own SQLite file and workshop) and nginx in front of them."""
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (Debian nginx-light; ./scripts/test installs it)")
    folder = tmp_path_factory.mktemp("hosts")
    env = {"TYOPAJA_ORGANIZER_KEY": KEY}
    a = LiveServer(folder / "a.db", extra_env=env)
    b = LiveServer(folder / "b.db", extra_env=env)
    map_file = folder / "tyopaja-workshops.map"
    map_file.write_text("", encoding="utf-8")
    front = Nginx(folder / "nginx", a.port, b.port, map_file)
    started = []
    try:
        for process in (a, b, front):
            process.start()
            started.append(process)
        yield a, b, front, map_file
    finally:
        for process in reversed(started):
            process.stop()


def hosts_map(*args: str, key: str = KEY) -> subprocess.CompletedProcess:
    env = dict(os.environ, TYOPAJA_ORGANIZER_KEY=key)
    return subprocess.run(
        [sys.executable, "-m", "tyopaja.cli", "hosts-map", *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
    )  # fmt: skip


def wait_until(condition, timeout: float = 10.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.05)


def status(url: str) -> int:
    return requests.get(url, timeout=5, allow_redirects=False).status_code


def answers_in(db: Path, text: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM answers WHERE text = ?", (text,)).fetchone()[0]


def write_map(a, b, map_file) -> None:
    result = hosts_map(f"h1={a.url}", f"h2={b.url}", "-o", str(map_file))
    assert result.returncode == 0, result.stderr


def test_a_code_on_host_b_is_reached_through_the_front_after_a_reload(hosts):
    a, b, front, map_file = hosts
    master = front.process.pid
    # Before the map names it, B's code goes to the default host, which does not know it.
    assert status(f"{front.url}/j/{a.code}") == 200
    assert status(f"{front.url}/j/{b.code}") == 404
    write_map(a, b, map_file)
    lines = map_file.read_text(encoding="utf-8")
    assert f"{a.code}  h1;" in lines and f"{b.code}  h2;" in lines
    front.reload()
    wait_until(lambda: status(f"{front.url}/j/{b.code}") == 200, what="the new map in use")
    assert front.process.pid == master and front.process.poll() is None  # reloaded, not restarted
    page = requests.get(f"{front.url}/j/{b.code.lower()}", timeout=5)
    assert page.status_code == 200 and b.workshop["title"] in page.text
    assert status(f"{front.url}/p/{b.code}") == 200
    # B's facilitator link, through the front, signs in on B (its cookie then works there).
    session = requests.Session()
    assert session.get(f"{front.url}/f/{b.code}/{b.secret}", timeout=5).status_code == 200
    assert b.code in session.get(f"{front.url}/f/{b.code}", timeout=5).text


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_sockets_through_the_front_reach_host_b(hosts, transport):
    a, b, front, map_file = hosts
    write_map(a, b, map_file)
    front.reload()
    wait_until(lambda: status(f"{front.url}/j/{b.code}") == 200, what="the map in use")
    url = f"{front.url}?w={b.code}"
    projector = Client(url, {"role": "projector", "code": b.code}, transports=[transport])
    device = Client(
        url,
        {
            "role": "participant",
            "code": b.code,
            "pid": f"hosts-phone-{transport}",
            "secret": "s" * 32,
        },  # fmt: skip
        transports=[transport],
    )
    text = f"Vastaus isännälle B ({transport})"
    try:
        assert projector.call("sync")["ok"]
        current = device.call("sync")["position"]["current"]
        ack = device.call("answer", {"cid": cid(), "step": current, "text": text})
        assert ack["ok"], ack
        projector.wait_for(
            "answers", lambda data: any(x["text"] == text for x in data["answers"]), timeout=10
        )
    finally:
        device.close()
        projector.close()
    assert answers_in(b.db_path, text) == 1 and answers_in(a.db_path, text) == 0


def test_without_the_code_a_socket_goes_to_the_default_host(hosts):
    a, b, front, map_file = hosts
    with pytest.raises(socketio.exceptions.ConnectionError):  # host A does not know B's code
        Client(front.url, {"role": "projector", "code": b.code}, transports=["polling"])
    projector = Client(front.url, {"role": "projector", "code": a.code}, transports=["polling"])
    try:
        assert projector.call("sync")["ok"]
    finally:
        projector.close()


def test_a_map_change_keeps_open_sockets_and_needs_no_restart(hosts):
    a, b, front, map_file = hosts
    write_map(a, b, map_file)
    front.reload()
    wait_until(lambda: status(f"{front.url}/j/{b.code}") == 200, what="the map in use")
    device = Client(
        f"{front.url}?w={b.code}",
        {"role": "participant", "code": b.code, "pid": "hosts-phone-moving", "secret": "m" * 32},
    )
    try:
        current = device.call("sync")["position"]["current"]
        map_file.write_text("", encoding="utf-8")  # B's code leaves the map
        front.reload()
        wait_until(lambda: status(f"{front.url}/j/{b.code}") == 404, what="the changed map")
        ack = device.call("answer", {"cid": cid(), "step": current, "text": "Yhä yhteydessä"})
        assert ack["ok"], ack  # the open websocket stayed with host B
    finally:
        device.close()
    assert answers_in(b.db_path, "Yhä yhteydessä") == 1
    write_map(a, b, map_file)
    front.reload()
    wait_until(lambda: status(f"{front.url}/j/{b.code}") == 200, what="the map back")


def test_hosts_map_refuses_a_wrong_key_or_a_silent_host_and_writes_nothing(hosts, tmp_path):
    a, b, _front, _map = hosts
    out = tmp_path / "map"
    out.write_text("# the old map\n", encoding="utf-8")
    wrong = hosts_map(f"h1={a.url}", f"h2={b.url}", "-o", str(out), key="w" * 48)
    assert wrong.returncode == 1 and "avain ei kelpaa" in wrong.stderr
    silent = hosts_map(f"h1={a.url}", f"h3=http://127.0.0.1:{free_port()}", "-o", str(out))
    assert silent.returncode == 1 and "ei vastausta" in silent.stderr
    assert out.read_text(encoding="utf-8") == "# the old map\n"


def test_the_docs_show_this_front_config():
    """docs/deploy.md shows the maps and the location this test runs (the map file's path aside)."""
    docs = " ".join((ROOT / "docs" / "deploy.md").read_text(encoding="utf-8").split())
    for block in (FRONT_MAPS.replace("{map_file}", "/etc/nginx/tyopaja-workshops.map"),):
        for line in block.splitlines():
            code = " ".join(line.split("#")[0].split())
            assert code in docs, code
    for line in FRONT_LOCATIONS.splitlines():
        code = " ".join(line.split("#")[0].split())
        assert code in docs, code
