"""What one exam server needs to know, in one typed object (the CLI builds it, tests build their own)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from servicebook.server.clock import SystemClock
from servicebook.server.saves import DEFAULT_GRACE


@dataclass
class ServerConfig:
    # Where the data is
    db: Path  # the gradebook (SQLite file; the PostgreSQL backend adds its URL form)
    exams_dir: Path  # exam folders made by `exam new`, offered on the trainer page
    secret: bytes  # keys the sign-in code hashes (server/secret.py)
    trainer_token_hash: str  # sha256 of the trainer's token (printed by `exam serve`)
    # Time
    clock: object = field(default_factory=SystemClock)  # anything with now() -> epoch seconds
    grace: float = DEFAULT_GRACE  # seconds after the end in which offline changes still arrive
    # Cookies: Secure only behind an https proxy (an intranet http:// address would drop them)
    secure_cookies: bool = False
    # Results (server/results_pages.py): the knowledge base for explanations and section links
    project_root: Path | None = None  # default: the project the exam folder is in (exams/<id>/ → ../..)
    site_url: str = ""  # the site's address (--site-url, as answer-key.html); http(s) only, or no links
