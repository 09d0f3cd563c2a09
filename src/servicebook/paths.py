"""Where servicebook writes: atomically, and never into the published site.

Papers, keys, manifests, answer sheets, results, reports and gradebook backups carry answers or
staff names. A path inside a site's docs_dir is published by the next `mkdocs build`, one inside
its site_dir is what gets published, so every writer asks `refuse_published` first (exam
new/retake, grade's results and rejected rows, reports, backups).
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from servicebook.errors import Problem, ProblemsFound

CONFIG = "mkdocs.yml"
SITE_DIRS = (("docs_dir", "docs", "网站页面目录"), ("site_dir", "site", "生成的网站目录"))


def display_path(path: Path) -> str:
    """`path` as the user should see it in a message: relative to the working directory when possible."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def refuse_published(path: Path, what: str, root: Path | None = None) -> None:
    """Raise ProblemsFound when `path` is, or is inside, the docs_dir or site_dir of a site: of any
    mkdocs.yml above it, of `root` (the project; its docs/ and site/ without a mkdocs.yml) and of
    the working directory's project. `what` names the output in the message ("考试目录")."""
    target = Path(os.path.abspath(path)).resolve()
    for base, label in _site_dirs(target, root):
        if target == base or base in target.parents:
            raise ProblemsFound([Problem(
                display_path(path), 0,
                f"{what}不能写入{label} {display_path(base)}/：其中的答案、员工姓名或成绩会随网站公开。",
                "换一个不在网站目录中的位置，如默认的 exams/、build/reports/、data/。")])


def _site_dirs(target: Path, root: Path | None) -> list[tuple[Path, str]]:
    projects = [p for p in (target, *target.parents) if (p / CONFIG).is_file()]
    projects += [Path(os.path.abspath(p)).resolve() for p in (root, Path.cwd()) if p is not None]
    found: list[tuple[Path, str]] = []
    for project in dict.fromkeys(projects):
        config = project / CONFIG
        settings = _settings(config, config.stat().st_mtime_ns) if config.is_file() else {}
        for key, default, label in SITE_DIRS:
            value = settings.get(key)
            found.append(((project / (value if isinstance(value, str) and value else default)).resolve(), label))
    return found


@functools.lru_cache(maxsize=16)
def _settings(config: Path, mtime: int) -> dict:
    """docs_dir and site_dir of a mkdocs.yml (cached per file version)."""
    from servicebook.kb.navigation import read_config

    try:
        data = read_config(config)
    except Exception:  # noqa: BLE001 - an unreadable config: fall back to MkDocs' defaults
        return {}
    return data if isinstance(data, dict) else {}


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `path` via a temp file beside it and a rename: readers never see half a file."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temp file beside `path` to fill; renamed over `path` when the block ends, removed on error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
