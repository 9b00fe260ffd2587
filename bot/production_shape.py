"""`python -m bot serve-production-shape`: the production topology on this machine, in the foreground.

PostgreSQL for the contact log and Rasa's tracker store, Redis, GATEWAY_REPLICAS gateway replicas and
RASA_WORKERS Rasa workers (2 and 2 by default) under the supervisor (`python -m bot serve`), and
Debian's nginx with deploy/nginx/ in front, as one more child of the supervisor. nginx speaks plain
HTTP on loopback here; TLS termination and HSTS are in deploy/nginx/triage.conf for a real host.
It is what tests/processes/test_production_shape.py starts and checks (docs/deployment.md).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from bot.cli import CommandError
from bot.proxy import drop_privileges, nginx_argv, nginx_binary, render_config
from bot.settings import Settings
from bot.supervisor import LOOPBACK, FrontStarter, Service, _get_json, say, serve, wait_until

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
DEFAULT_DATABASE = "triage_production_shape"
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,50}")


def check_postgres(admin_url: str, names: list[str]) -> None:
    """The server answers; each database in `names` exists afterwards (created if missing)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            for name in names:
                if connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
                    continue
                # DDL takes no bind parameters; the name matched _NAME, and is quoted anyway.
                connection.exec_driver_sql(f"CREATE DATABASE {engine.dialect.identifier_preparer.quote(name)}")
                say(f"Created the PostgreSQL database {name}")
    except SQLAlchemyError as error:
        where = urlsplit(admin_url.replace("+psycopg", "")).netloc.rpartition("@")[2]
        raise CommandError(
            f"PostgreSQL is not reachable at {where} ({type(error.orig or error).__name__}): start it, or pass --postgres"
        ) from None
    finally:
        engine.dispose()


def check_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        raise CommandError(f"Redis is not reachable at {url} ({type(error).__name__}): start it, or pass --redis-url") from None
    finally:
        client.close()


def check_nginx() -> str:
    binary = nginx_binary()
    if binary is None:
        raise CommandError("nginx is not installed: on Debian, apt-get install nginx-light")
    return binary


def shape_settings(settings: Settings, args: argparse.Namespace) -> Settings:
    """`settings` (.env and the environment) with the production shape's databases, Redis and counts.

    They go into this process's environment too: the children (gateway replicas, action server)
    read their settings from the environment they inherit, not from the supervisor's object.
    """
    from sqlalchemy.engine import make_url

    admin = make_url(args.postgres)
    overrides: dict[str, object] = dict(
        database_url=admin.set(database=args.database).render_as_string(hide_password=False),
        # Rasa's environment has psycopg2, SQLAlchemy 1.4's default PostgreSQL driver.
        tracker_database_url=admin.set(drivername="postgresql", database=f"{args.database}_tracker").render_as_string(
            hide_password=False
        ),
        redis_url=args.redis_url,
        gateway_replicas=args.replicas,
        rasa_workers=args.workers,
        trusted_proxies=LOOPBACK,  # nginx's address: the replicas believe its X-Forwarded-For, nobody else's
        public_base_url=f"http://{LOOPBACK}:{args.port}",
    )
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    os.environ.update({fields[name].metadata["env"]: str(value) for name, value in overrides.items()})
    return dataclasses.replace(settings, **overrides)  # type: ignore[arg-type]


def nginx_front(binary: str, directory: Path, port: int) -> FrontStarter:
    """Starts nginx, with deploy/nginx/ rewritten for loopback, in front of the replicas it is given."""

    def start(service: Service, replica_urls: list[str]) -> str:
        upstreams = [urlsplit(url).port or 80 for url in replica_urls]
        say(
            f"Starting nginx (deploy/nginx/, plain HTTP on loopback; TLS and HSTS are for a real host) "
            f"on port {port}, in front of the {len(upstreams)} gateway replicas"
        )
        conf = render_config(directory, upstreams, port, None)
        child = service.spawn("nginx", nginx_argv(binary, directory, conf), preexec_fn=drop_privileges)
        url = f"http://{LOOPBACK}:{port}"
        wait_until(lambda: _get_json(f"{url}/healthz") is not None, child, "nginx", 30)
        return url

    return start


def serve_production_shape(args: argparse.Namespace, settings: Settings) -> int:
    if not _NAME.fullmatch(args.database):
        raise CommandError(f"--database must be lowercase letters, digits and _, not {args.database!r}")
    say("Checking nginx, Redis and PostgreSQL")
    binary = check_nginx()
    check_redis(args.redis_url)
    check_postgres(args.postgres, [args.database, f"{args.database}_tracker"])
    settings = shape_settings(settings, args)
    say(
        f"PostgreSQL: {args.database} (contact log), {args.database}_tracker (Rasa tracker); Redis: {args.redis_url}; "
        f"{args.replicas} gateway replicas, {args.workers} Rasa workers"
    )
    directory = Path(tempfile.mkdtemp(prefix="triage-nginx-"))
    try:
        return serve(args, settings, front=nginx_front(binary, directory, args.port))
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve-production-shape",
        help="Run the production topology here: PostgreSQL, Redis, gateway replicas and Rasa workers behind nginx.",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--port", type=int, default=8000, help="nginx's port on 127.0.0.1 (default: 8000).")
    parser.add_argument(
        "--postgres", default=DEFAULT_POSTGRES, help=f"A PostgreSQL database to connect to first (default: {DEFAULT_POSTGRES})."
    )
    parser.add_argument(
        "--database",
        default=DEFAULT_DATABASE,
        help=f"Contact-log database, created if missing; the tracker's is NAME_tracker (default: {DEFAULT_DATABASE}).",
    )
    parser.add_argument("--redis-url", default=DEFAULT_REDIS, help=f"Redis (default: {DEFAULT_REDIS}).")
    parser.add_argument("--replicas", type=int, default=2, help="Gateway replicas (default: 2).")
    parser.add_argument("--workers", type=int, default=2, help="Rasa workers (default: 2).")
    parser.set_defaults(handler=serve_production_shape)
