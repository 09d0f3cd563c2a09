"""Where the gradebook is kept: a SQLite file (default) or a PostgreSQL database.

Only the modules of this package import sqlite3 or psycopg. A backend connects, translates the
portable SQL of `gradebook.py` (the subset its docstring names) into its dialect, opens write
transactions, and does what has no portable SQL: table listing, checks, backup and restore.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

URL_SCHEMES = ("postgresql", "postgres")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


class GradebookError(Exception):
    """The gradebook cannot be used (not a database, newer schema, server unreachable…); message is user-facing."""


class GradebookDamaged(GradebookError):
    """SQLite reported the file as damaged; nothing more is written to it."""


def is_url(location: Path | str) -> bool:
    """True for a database URL (postgresql://…), False for a file path."""
    return isinstance(location, str) and _SCHEME.match(location) is not None


def parse_location(value: Path | str) -> Path | str:
    """A --db value or SERVICEBOOK_DB as given: a PostgreSQL URL stays a string, anything else is a file path."""
    if isinstance(value, Path):
        return value
    found = _SCHEME.match(value)
    if found is None:
        return Path(value)
    if found.group(1).lower() not in URL_SCHEMES:
        raise GradebookError(f"不支持的成绩库地址 {redact(value)}：成绩库是 SQLite 文件（写文件路径），"
                             "或 PostgreSQL 数据库（写 postgresql://用户名:密码@服务器:端口/数据库名）。")
    return value


def redact(url: str) -> str:
    """The URL with its password left out, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def describe(location: Path | str) -> str:
    """How messages name a gradebook: its path as the user would type it, or its URL without the password."""
    if is_url(location):
        return redact(str(location))
    from servicebook.paths import display_path

    return display_path(Path(location))


def open_backend(location: Path | str):
    """The backend object for a location (a file path or a postgresql:// URL)."""
    if is_url(location):
        from servicebook.grading.backends.postgres import PostgresBackend

        return PostgresBackend(str(location))
    from servicebook.grading.backends.sqlite import SqliteBackend

    return SqliteBackend(Path(location))
