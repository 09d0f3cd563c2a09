"""The README's commands: once installed, running them again reinstalls nothing."""

from __future__ import annotations

import subprocess

from conftest import ROOT


def make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True)


def test_bootstrap_is_up_to_date_after_the_first_run():
    # make test got us here, so the venv and the offline assets exist: nothing may be redone.
    assert make("-q", "bootstrap").returncode == 0


def test_serve_only_starts_the_server_when_nothing_changed():
    planned = make("-n", "serve").stdout.strip().splitlines()
    assert planned == [".venv/bin/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload"]
