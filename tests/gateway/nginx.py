"""A real nginx (Debian's package) running deploy/nginx/ in front of a gateway, as a child process.

The production config is used as it is, with only what must differ on a test machine rewritten
(bot/proxy.py, shared with `python -m bot serve-production-shape`): listen ports (loopback, free
ports), certificate paths (a self-signed certificate made here), log paths and the upstream port.
Under root, nginx runs as `nobody`: nothing here needs privileges.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.proxy import drop_privileges, nginx_argv, nginx_binary, render_config
from bot.supervisor import free_port

__all__ = ["Nginx", "nginx_binary", "run_nginx"]


def _wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited with {process.returncode}: {process.stderr.read().decode()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("nginx did not start listening")


@dataclass(frozen=True)
class Nginx:
    http_port: int
    https_port: int
    directory: Path

    def access_log(self) -> str:
        """Everything nginx logged about requests (the site's own log and the http-level one)."""
        paths = (self.directory / "access.log", self.directory / "triage.access.log")
        return "".join(path.read_text() for path in paths if path.exists())


def run_nginx(upstream_port: int) -> Iterator[Nginx]:
    """Start nginx in front of 127.0.0.1:`upstream_port`; stop it (by its PID) when the generator ends."""
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx is not installed: apt-get install nginx-light (CI's .ci/run installs it)")
    directory = Path(tempfile.mkdtemp(prefix="triage-nginx-"))
    try:
        http_port, https_port = free_port(), free_port()
        conf = render_config(directory, [upstream_port], http_port, https_port)
        process = subprocess.Popen(
            nginx_argv(binary, directory, conf),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=drop_privileges,
        )
        try:
            _wait_for_port(https_port, process)
            yield Nginx(http_port, https_port, directory)
        finally:
            process.send_signal(signal.SIGQUIT)  # graceful stop of master and worker
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stderr is not None:
                process.stderr.close()
    finally:
        shutil.rmtree(directory, ignore_errors=True)
