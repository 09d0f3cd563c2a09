"""Running the exam server: the trainer token, the config, and uvicorn (the only uvicorn importer).

One process on SQLite (a single writer). On PostgreSQL `workers` processes: uvicorn starts each
with `app_from_environment`, which rebuilds the same config from CONFIG_ENV (set by `serve`).
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from servicebook.server.config import ServerConfig
from servicebook.server.secret import load_secret, token_hash

CONFIG_ENV = "SERVICEBOOK_SERVER_CONFIG"


def trainer_token(password: str | None) -> str:
    """The trainer's sign-in token: the password given at start, or a fresh random one to print."""
    return password or secrets.token_urlsafe(9)


def make_config(db: Path | str, secret_dir: Path, exams_dir: Path, token: str, **options) -> ServerConfig:
    return ServerConfig(db=db, exams_dir=exams_dir, secret=load_secret(secret_dir),
                        trainer_token_hash=token_hash(token), **options)


def app_from_environment():
    """The app of one worker process (uvicorn's factory when several workers serve PostgreSQL)."""
    from servicebook.server.app import create_app

    settings = json.loads(os.environ[CONFIG_ENV])
    config = ServerConfig(db=settings["db"], exams_dir=Path(settings["exams_dir"]),
                          secret=load_secret(Path(settings["secret_dir"])),
                          trainer_token_hash=settings["trainer_token_hash"], grace=settings["grace"],
                          site_url=settings.get("site_url", ""))
    return create_app(config)


def serve(config: ServerConfig, host: str, port: int, *, proxy: bool = False, workers: int = 1,
          secret_dir: Path | None = None) -> None:
    """Serve until interrupted."""
    import uvicorn

    options = dict(host=host, port=port, log_level="warning", access_log=False, server_header=False,
                   proxy_headers=proxy, forwarded_allow_ips="127.0.0.1" if proxy else None)
    if workers == 1:
        from servicebook.server.app import create_app

        uvicorn.run(create_app(config), **options)
        return
    os.environ[CONFIG_ENV] = json.dumps({
        "db": str(config.db), "exams_dir": str(config.exams_dir), "secret_dir": str(secret_dir),
        "trainer_token_hash": config.trainer_token_hash, "grace": config.grace, "site_url": config.site_url})
    uvicorn.run(f"{__name__}:app_from_environment", factory=True, workers=workers, **options)
