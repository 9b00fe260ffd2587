"""Debian's nginx running deploy/nginx/ on this machine: the config rewritten for loopback ports and a
private directory, and the command line that runs it in the foreground.

Used by `python -m bot serve-production-shape` (plain HTTP on loopback) and by the proxy tests (TLS
with a certificate made here). Only what must differ on one machine is rewritten: listen addresses,
certificate paths, log paths and the upstream's ports; everything in triage-locations.conf is used as
it is. Under root, nginx is started as `nobody` (`drop_privileges`): nothing here needs privileges.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from bot.settings import ROOT

DEPLOY = ROOT / "deploy" / "nginx"
NOBODY = 65534


def nginx_binary() -> str | None:
    """Debian's nginx (nginx-light is enough), on PATH or in /usr/sbin."""
    return shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A throwaway certificate and key for chat.example.org, valid for a day."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

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


def _rewrite(site: str, replacements: list[tuple[str, str]]) -> str:
    for pattern, replacement in replacements:
        site, count = re.subn(pattern, replacement, site, flags=re.DOTALL)
        if not count:
            raise RuntimeError(f"deploy/nginx/triage.conf no longer has {pattern!r}: update bot/proxy.py")
    return site


def render_config(directory: Path, upstream_ports: Sequence[int], http_port: int, https_port: int | None) -> Path:
    """deploy/nginx/triage.conf inside a minimal nginx.conf in `directory`, rewritten for this machine.

    With `https_port`, the site is as shipped (TLS on `https_port` with a self-signed certificate, the
    redirect on `http_port`). Without it, the TLS server listens on `http_port` in plain HTTP (its
    ssl_* lines go; the redirect server goes), for a local run a browser can open without a warning.
    """
    shutil.copy(DEPLOY / "triage-locations.conf", directory / "triage-locations.conf")
    upstreams = "".join(f"server 127.0.0.1:{port};\n    " for port in upstream_ports).rstrip()
    replacements = [
        (r"\n\s*listen \[::\]:\d+[^\n]*", ""),  # IPv6 loopback may be absent on a test machine
        (r"/var/log/nginx/", f"{directory}/"),
        (r"/etc/nginx/conf\.d/triage-locations\.conf", str(directory / "triage-locations.conf")),
        (r"server 127\.0\.0\.1:8080;", upstreams),
    ]
    if https_port is not None:
        cert, key = self_signed(directory)
        replacements += [
            (r"listen 80;", f"listen 127.0.0.1:{http_port};"),
            (r"listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
            (r"/etc/letsencrypt/live/chat\.example\.org/fullchain\.pem", str(cert)),
            (r"/etc/letsencrypt/live/chat\.example\.org/privkey\.pem", str(key)),
        ]
    else:
        replacements += [
            (r"server \{\n    listen 80;.*?\n\}\n", ""),  # the redirect to HTTPS
            (r"listen 443 ssl http2;", f"listen 127.0.0.1:{http_port};"),
            (r"\n\s*ssl_[a-z_]+ [^\n]*", ""),
        ]
    site = _rewrite((DEPLOY / "triage.conf").read_text(), replacements)
    temp = {name: directory / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    conf = directory / "nginx.conf"
    conf.write_text(
        f"""worker_processes 1;
pid {directory}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 512; }}
http {{
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
{site}
    access_log {directory}/access.log triage_path;
}}
"""
    )
    if os.geteuid() == 0:  # nginx will run as nobody: it needs its own directory
        os.chmod(directory, 0o700)
        for path in [directory, *directory.iterdir()]:
            os.chown(path, NOBODY, NOBODY)
    return conf


def nginx_argv(binary: str, directory: Path, conf: Path) -> list[str]:
    """nginx in the foreground, its error log on stderr, everything else under `directory`."""
    return [binary, "-e", "stderr", "-p", str(directory), "-c", str(conf), "-g", "daemon off;"]


def drop_privileges() -> None:
    """preexec_fn: become `nobody` when started as root (a no-op otherwise)."""
    if os.geteuid() != 0:
        return
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)
