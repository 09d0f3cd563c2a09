"""The README's commands: once installed, running them again reinstalls nothing.

Checked on a copy of the Makefile in a scratch project whose installed-stamp and asset list are
made here, so the result does not depend on the state of the developer's own .venv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture
def installed(tmp_path) -> Path:
    """A scratch project as `make bootstrap` leaves it: inputs older than the stamp and the assets."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    inputs = [tmp_path / "pyproject.toml", tmp_path / "src/servicebook/site/vendor.py"]
    outputs = [tmp_path / ".venv/.installed-stamp", tmp_path / ".vendor/versions.json"]
    for number, path in enumerate(inputs + outputs):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("", encoding="utf-8")
        os.utime(path, (1_000_000 + number * 10, 1_000_000 + number * 10))
    return tmp_path


def make(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=root, capture_output=True, text=True)


def test_bootstrap_is_up_to_date_after_the_first_run(installed):
    assert make(installed, "-q", "bootstrap").returncode == 0


def test_a_changed_pyproject_reinstalls(installed):
    os.utime(installed / "pyproject.toml")  # now: newer than the stamp
    assert make(installed, "-q", "bootstrap").returncode == 1
    assert "pip install" in make(installed, "-n", "bootstrap").stdout


def test_serve_only_starts_the_server_when_nothing_changed(installed):
    planned = make(installed, "-n", "serve").stdout.strip().splitlines()
    assert planned == [".venv/bin/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload"]
