"""`python -m bot serve-production-shape`: the production topology on this machine, in the foreground.

PostgreSQL for the contact log and Rasa's tracker store, Redis, GATEWAY_REPLICAS gateway replicas and
RASA_WORKERS Rasa workers (2 and 2 by default) under the supervisor (`python -m bot serve`), and
Debian's nginx with deploy/nginx/ in front, as one more child of the supervisor. nginx speaks plain
HTTP on loopback here; TLS termination and HSTS are in deploy/nginx/triage.conf for a real host.
It is what tests/processes/test_production_shape.py starts and checks (docs/deployment.md).
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import tempfile
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from bot.proxy import drop_privileges, nginx_argv, nginx_binary, render_config
from bot.settings import Settings
from bot.supervisor import LOOPBACK, FrontStarter, Service, StartupError, answers, say, serve, wait_until

DATABASE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,50}")


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
                # DDL takes no bind parameters; the name matched DATABASE_NAME, and is quoted anyway.
                connection.exec_driver_sql(f"CREATE DATABASE {engine.dialect.identifier_preparer.quote(name)}")
                say(f"Created the PostgreSQL database {name}")
    except SQLAlchemyError as error:
        where = urlsplit(admin_url.replace("+psycopg", "")).netloc.rpartition("@")[2]
        raise StartupError(
            f"PostgreSQL is not reachable at {where} ({type(getattr(error, 'orig', None) or error).__name__}): start it, or pass --postgres"
        ) from None
    finally:
        engine.dispose()


def check_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        raise StartupError(
            f"Redis is not reachable at {url} ({type(error).__name__}): start it, or pass --redis-url"
        ) from None
    finally:
        client.close()


def check_nginx() -> str:
    binary = nginx_binary()
    if binary is None:
        raise StartupError("nginx is not installed: on Debian, apt-get install nginx-light")
    return binary


def shape_settings(
    settings: Settings, *, postgres: str, database: str, redis_url: str, replicas: int, workers: int, port: int
) -> Settings:
    """`settings` (.env and the environment) with the production shape's databases, Redis and counts.

    The supervisor gives its children every setting from this object (Settings.to_env()).
    """
    from sqlalchemy.engine import make_url

    admin = make_url(postgres)
    return dataclasses.replace(
        settings,
        database_url=admin.set(database=database).render_as_string(hide_password=False),
        # Rasa's environment has psycopg2, SQLAlchemy 1.4's default PostgreSQL driver.
        tracker_database_url=admin.set(drivername="postgresql", database=f"{database}_tracker").render_as_string(
            hide_password=False
        ),
        redis_url=redis_url,
        gateway_replicas=replicas,
        rasa_workers=workers,
        trusted_proxies=LOOPBACK,  # nginx's address: the replicas believe its X-Forwarded-For, nobody else's
        public_base_url=f"http://{LOOPBACK}:{port}",
    )


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
        wait_until(partial(answers, f"{url}/healthz"), child, "nginx", 30)
        return url

    return start


def serve_production_shape(
    settings: Settings, *, port: int, postgres: str, database: str, redis_url: str, replicas: int, workers: int
) -> int:
    """Check nginx, Redis and PostgreSQL, then serve with those settings and nginx in front."""
    if not DATABASE_NAME.fullmatch(database):
        raise StartupError(f"the database name must be lowercase letters, digits and _, not {database!r}")
    say("Checking nginx, Redis and PostgreSQL")
    binary = check_nginx()
    check_redis(redis_url)
    check_postgres(postgres, [database, f"{database}_tracker"])
    settings = shape_settings(
        settings,
        postgres=postgres,
        database=database,
        redis_url=redis_url,
        replicas=replicas,
        workers=workers,
        port=port,
    )
    say(
        f"PostgreSQL: {database} (contact log), {database}_tracker (Rasa tracker); Redis: {redis_url}; "
        f"{replicas} gateway replicas, {workers} Rasa workers"
    )
    directory = Path(tempfile.mkdtemp(prefix="triage-nginx-"))
    try:
        return serve(settings, front=nginx_front(binary, directory, port))
    finally:
        shutil.rmtree(directory, ignore_errors=True)
