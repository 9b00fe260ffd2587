"""A real nginx (Debian's package) running deploy/nginx/ in front of a gateway, as a child process.

The production config is used as it is, with only what must differ on a test machine rewritten:
listen ports (loopback, free ports), certificate paths (a self-signed certificate made here), log
paths and the upstream port. Under root, nginx runs as `nobody`: nothing here needs privileges.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from bot.settings import ROOT
from bot.supervisor import free_port

DEPLOY = ROOT / "deploy" / "nginx"
NOBODY = 65534


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "chat.example.org")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def render_config(directory: Path, upstream_port: int, http_port: int, https_port: int) -> Path:
    """deploy/nginx/triage.conf inside a minimal nginx.conf, rewritten for this machine."""
    cert, key = _self_signed(directory)
    shutil.copy(DEPLOY / "triage-locations.conf", directory / "triage-locations.conf")
    site = (DEPLOY / "triage.conf").read_text()
    replacements = [
        (r"\n\s*listen \[::\]:\d+[^\n]*", ""),  # IPv6 loopback may be absent on a test machine
        (r"listen 80;", f"listen 127.0.0.1:{http_port};"),
        (r"listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        (r"/etc/letsencrypt/live/chat\.example\.org/fullchain\.pem", str(cert)),
        (r"/etc/letsencrypt/live/chat\.example\.org/privkey\.pem", str(key)),
        (r"/var/log/nginx/", f"{directory}/"),
        (r"/etc/nginx/conf\.d/triage-locations\.conf", str(directory / "triage-locations.conf")),
        (r"server 127\.0\.0\.1:8080;", f"server 127.0.0.1:{upstream_port};"),
    ]
    for pattern, replacement in replacements:
        site, count = re.subn(pattern, replacement, site)
        assert count, f"deploy/nginx/triage.conf no longer has {pattern!r}: update tests/gateway/nginx.py"
    temp = {name: directory / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    conf = directory / "nginx.conf"
    conf.write_text(
        f"""worker_processes 1;
pid {directory}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 512; }}
http {{
    client_body_temp_path {temp['body']};
    proxy_temp_path {temp['proxy']};
    fastcgi_temp_path {temp['fastcgi']};
    uwsgi_temp_path {temp['uwsgi']};
    scgi_temp_path {temp['scgi']};
{site}
    access_log {directory}/access.log triage_path;
}}
"""
    )
    return conf


def _wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited with {process.returncode}: {process.stderr.read().decode()}")  # type: ignore[union-attr]
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


def _drop_privileges() -> None:
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def run_nginx(upstream_port: int) -> Iterator[Nginx]:
    """Start nginx in front of 127.0.0.1:`upstream_port`; stop it (by its PID) when the generator ends."""
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx is not installed: apt-get install nginx-light (CI's .ci/run installs it)")
    directory = Path(tempfile.mkdtemp(prefix="triage-nginx-"))
    as_root = os.geteuid() == 0
    try:
        http_port, https_port = free_port(), free_port()
        conf = render_config(directory, upstream_port, http_port, https_port)
        if as_root:
            os.chmod(directory, 0o700)
            for path in [directory, *directory.iterdir()]:
                os.chown(path, NOBODY, NOBODY)
        process = subprocess.Popen(
            [binary, "-e", "stderr", "-p", str(directory), "-c", str(conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=_drop_privileges if as_root else None,
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
