"""Running the exam server: the trainer token, the config, and uvicorn (the only uvicorn importer)."""

from __future__ import annotations

import secrets
from pathlib import Path

from servicebook.server.config import ServerConfig
from servicebook.server.secret import load_secret, token_hash


def trainer_token(password: str | None) -> str:
    """The trainer's sign-in token: the password given at start, or a fresh random one to print."""
    return password or secrets.token_urlsafe(9)


def make_config(db: Path, exams_dir: Path, token: str, **options) -> ServerConfig:
    return ServerConfig(db=db, exams_dir=exams_dir, secret=load_secret(db.parent), trainer_token_hash=token_hash(token),
                        **options)


def serve(config: ServerConfig, host: str, port: int, *, proxy: bool = False) -> None:
    """Serve until interrupted (one process: SQLite has a single writer)."""
    import uvicorn

    from servicebook.server.app import create_app

    uvicorn.run(create_app(config), host=host, port=port, log_level="warning", access_log=False,
                proxy_headers=proxy, forwarded_allow_ips="127.0.0.1" if proxy else None, server_header=False)
