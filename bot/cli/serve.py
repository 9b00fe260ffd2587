"""`python -m bot serve | serve-production-shape | train`: the whole service, and its model."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.settings import Settings

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
DEFAULT_DATABASE = "triage_production_shape"

PRODUCTION_SHAPE = """\
The production topology on this machine, in the foreground: PostgreSQL for the contact log and
Rasa's tracker store, Redis, GATEWAY_REPLICAS gateway replicas and RASA_WORKERS Rasa workers (2 and 2
by default) under the supervisor (`python -m bot serve`), and Debian's nginx with deploy/nginx/ in
front, as one more child of the supervisor. nginx speaks plain HTTP on loopback here; TLS termination
and HSTS are in deploy/nginx/triage.conf for a real host (docs/deployment.md).
"""


def serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.supervisor import serve as serve_everything

    return serve_everything(settings)


def serve_production_shape(args: argparse.Namespace, settings: Settings) -> int:
    from bot.production_shape import serve_production_shape as serve_shape

    return serve_shape(
        settings,
        port=args.port,
        postgres=args.postgres,
        database=args.database,
        redis_url=args.redis_url,
        replicas=args.replicas,
        workers=args.workers,
    )


def train(args: argparse.Namespace, settings: Settings) -> int:
    from bot.model import ensure_trained

    ensure_trained(log=print, log_file=Path(settings.log_dir) / "train.log")
    return 0


def _database_name(text: str) -> str:
    from bot.production_shape import DATABASE_NAME

    if not DATABASE_NAME.fullmatch(text):
        raise argparse.ArgumentTypeError(f"must be lowercase letters, digits and _, not {text!r}")
    return text


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `serve`, `serve-production-shape` and `train` to `python -m bot`."""
    parser = subparsers.add_parser(
        "serve",
        help="Run the whole service on loopback (action server, Rasa workers, gateway), restarting any part that stops.",
    )
    parser.set_defaults(handler=serve)

    parser = subparsers.add_parser(
        "serve-production-shape",
        help="Run the production topology here: PostgreSQL, Redis, gateway replicas and Rasa workers behind nginx.",
        description=PRODUCTION_SHAPE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--port", type=int, default=8000, help="nginx's port on 127.0.0.1 (default: 8000).")
    parser.add_argument(
        "--postgres",
        default=DEFAULT_POSTGRES,
        help=f"A PostgreSQL database to connect to first (default: {DEFAULT_POSTGRES}).",
    )
    parser.add_argument(
        "--database",
        type=_database_name,
        default=DEFAULT_DATABASE,
        help=f"Contact-log database, created if missing; the tracker's is NAME_tracker (default: {DEFAULT_DATABASE}).",
    )
    parser.add_argument("--redis-url", default=DEFAULT_REDIS, help=f"Redis (default: {DEFAULT_REDIS}).")
    parser.add_argument("--replicas", type=int, default=2, help="Gateway replicas (default: 2).")
    parser.add_argument("--workers", type=int, default=2, help="Rasa workers (default: 2).")
    parser.set_defaults(handler=serve_production_shape)

    parser = subparsers.add_parser("train", help="Train the Rasa model if the training data changed.")
    parser.set_defaults(handler=train)
