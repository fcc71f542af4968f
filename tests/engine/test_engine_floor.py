"""Setup uses an engine at or above the floor as it is, stops below it, and starts ours only
where none is there. The engine's version is asked over a real socket."""

import json
import os
import socket
import socketserver
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler

import pytest

from lab.engine import daemon, ensure
from lab.engine.floor import FLOOR, Action, decide, probe, server_version
from lab.paths import ROOT


class FakeEngine(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def engine_answering(path, version: str) -> FakeEngine:
    """An HTTP server on the unix socket PATH whose /version says VERSION, as dockerd's does."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps({"Version": version, "ApiVersion": "1.41"}).encode()
            status = 200 if self.path == "/version" else 404
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

        def address_string(self):
            return "unix"

    server = FakeEngine(str(path), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def decision_with(tmp_path, version: str):
    path = tmp_path / "docker.sock"
    server = engine_answering(path, version)
    try:
        return probe(path)
    finally:
        server.shutdown()
        server.server_close()


def test_where_no_engine_is_there_ours_is_installed(tmp_path):
    path = tmp_path / "docker.sock"
    assert server_version(path) is None
    assert decide(None, path).action is Action.INSTALL


def test_debians_engine_20_10_stops_setup_with_one_line_saying_what_to_do(tmp_path):
    decision = decision_with(tmp_path, "20.10.24+dfsg1")
    assert decision.action is Action.STOP
    assert decision.message == (
        f"Docker Engine 20.10.24+dfsg1 on unix://{tmp_path}/docker.sock is older than 25, "
        "the oldest the labs run on: upgrade it to 25 or later, or uninstall it and run "
        "'make setup' again to get the project's own"
    )


@pytest.mark.parametrize("version", ["24.0.9", "23.0.0"])
def test_engines_just_below_the_floor_stop_setup(tmp_path, version):
    assert decision_with(tmp_path, version).action is Action.STOP


@pytest.mark.parametrize("version", [f"{FLOOR}.0.0", "28.2.2", "29.8.1"])
def test_an_engine_at_or_above_the_floor_is_used_as_it_is(tmp_path, version):
    decision = decision_with(tmp_path, version)
    assert decision.action is Action.USE
    assert decision.message == (
        f"Docker Engine {version} answers on unix://{tmp_path}/docker.sock: using it"
    )


def test_an_engine_that_names_no_release_stops_setup(tmp_path):
    decision = decision_with(tmp_path, "dev")
    assert decision.action is Action.STOP
    assert "'dev', which names no release" in decision.message


def test_a_socket_where_nothing_answers_is_never_joined_by_a_second_engine(tmp_path):
    path = tmp_path / "docker.sock"
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    silent.bind(str(path))  # bound, not listening: the host's engine is installed but down
    try:
        assert server_version(path) is None
        decision = decide(None, path)
    finally:
        silent.close()
    assert decision.action is Action.STOP
    assert "never starts a second one beside it" in decision.message
    assert "\n" not in decision.message


@pytest.mark.skipif(os.geteuid() != 0, reason="switching users needs root; CI runs as root")
def test_an_engine_this_user_may_not_use_stops_setup_and_says_why(tmp_path):
    """tmp_path is root's alone: another user's connect() is refused, as on a docker.sock
    owned by root:docker for a user outside that group."""
    path = tmp_path / "docker.sock"
    server = engine_answering(path, "29.8.1")
    try:
        script = (
            "from pathlib import Path; from lab.engine import floor\n"
            f"decision = floor.probe(Path({str(path)!r}))\n"
            "print(decision.action.value); print(decision.message)"
        )
        seen = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            + [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT)},
        ).stdout
    finally:
        server.shutdown()
        server.server_close()
    assert seen.splitlines() == [
        "stop",
        f"this user may not use {path}: run setup as root, or as a member of the group "
        "that owns it (usually 'docker')",
    ]


def test_a_socket_our_own_engine_left_behind_is_started_again(tmp_path, monkeypatch):
    """The machine stopped without stopping the project's engine: its socket and pid file
    stay (here /run is not a tmpfs). That engine is ours to start again; any other
    silent socket still stops setup."""
    layout = daemon.Layout(socket=tmp_path / "docker.sock", run_dir=tmp_path / "run")
    monkeypatch.setattr(ensure, "LAYOUT", layout)
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    silent.bind(str(layout.socket))
    try:
        assert ensure.check().action is Action.STOP  # no pid file: someone else's engine
        layout.run_dir.mkdir()
        (layout.run_dir / "dockerd.pid").write_text("999999999\n")  # no such process
        decision = ensure.check()
    finally:
        silent.close()
    assert decision.action is Action.INSTALL
    assert "left" in decision.message and "starting it again" in decision.message
