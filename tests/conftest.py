"""Shared fixtures: the built site, a local server for it, and a real headless Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("SERVICEBOOK_CHROMIUM", "/usr/bin/chromium")
# Without these Chromium phones home in the background; tests count only the page's own requests.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def mkdocs_build(project: Path, site_dir: Path, *, offline: bool = False,
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    if offline:
        env["SERVICEBOOK_OFFLINE"] = "true"
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real knowledge base, built strictly once per test session."""
    site = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def site_url(built_site):
    server = serve(built_site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"找不到 Chromium（{CHROMIUM}）。浏览器测试需要 Debian 的 chromium：apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    yield page
    context.close()


def copy_project(tmp_path: Path) -> Path:
    """A throwaway copy of the project's inputs, for tests that break things on purpose."""
    target = tmp_path / "project"
    target.mkdir()
    for name in ("docs", "includes", "quizzes"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    (target / ".vendor").symlink_to(ROOT / ".vendor")
    return target


# ---- PostgreSQL: one throwaway cluster per session, a fresh database per test ----

@pytest.fixture(scope="session")
def pg_cluster():
    """A real PostgreSQL server on 127.0.0.1 (tests/pgcluster.py); missing binaries fail, never skip."""
    from pgcluster import ClusterError, cluster

    try:
        manager = cluster()
        started = manager.__enter__()
    except ClusterError as error:
        pytest.fail(str(error), pytrace=False)
    try:
        yield started
    finally:
        manager.__exit__(None, None, None)


@pytest.fixture
def postgresql_url(pg_cluster) -> str:
    """The URL of a new empty database."""
    return pg_cluster.create_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def gradebook_url(request, tmp_path):
    """Where a test's gradebook lives, once per backend: a SQLite file path, or a postgresql:// URL."""
    if request.param == "sqlite":
        return tmp_path / "data" / "gradebook.sqlite"
    return request.getfixturevalue("postgresql_url")
