"""A throwaway PostgreSQL cluster on 127.0.0.1 for tests and benchmarks (no pytest needed).

    from pgcluster import cluster
    with cluster() as pg:
        url = pg.create_database("exam")   # postgresql://postgres@127.0.0.1:PORT/exam

`PASSWORD_ROLE`, if a test creates it, must log in with its password (scram-sha-256).
Uses Debian's server binaries (/usr/lib/postgresql/<version>/bin). initdb and pg_ctl refuse to
run as root, so as root they run as the `postgres` user (`runuser -u postgres`) in a temporary
directory it owns. Trust authentication, on 127.0.0.1 only (no Unix socket); fsync off: the data
is thrown away at the end.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

MISSING = ("找不到 PostgreSQL 服务器程序（/usr/lib/postgresql/*/bin/initdb）。"
           "请先安装：apt-get install postgresql（.ci/run 会自动安装）。")


# The one role that must give its password (to test refusals); every other role is trusted.
PASSWORD_ROLE = "sb_password"


class ClusterError(RuntimeError):
    pass


def bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise ClusterError(MISSING)
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Cluster:
    port: int
    data: Path
    user: str = "postgres"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = name or f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
        return self.url(name)


def _run(command: list[str], as_postgres: bool) -> None:
    if as_postgres:
        command = ["runuser", "-u", "postgres", "--", *command]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise ClusterError(f"{' '.join(command)} 失败：{done.stdout[-2000:]}{done.stderr[-2000:]}")


@contextmanager
def cluster() -> Iterator[Cluster]:
    """Start a cluster at a free port; stop it and delete its files when the block ends."""
    binaries = bin_dir()
    as_postgres = os.geteuid() == 0
    base = Path(tempfile.mkdtemp(prefix="servicebook-pg-"))
    if as_postgres:
        shutil.chown(base, "postgres", "postgres")
    data = base / "data"
    port = _free_port()
    started = False
    try:
        _run([str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
              "--locale=C.UTF-8", "--no-sync"], as_postgres)
        hba = f"host all {PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 trust\n"
        (data / "pg_hba.conf").write_text(hba)
        if as_postgres:
            shutil.chown(data / "pg_hba.conf", "postgres", "postgres")
        options = (f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off"
                   " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        _run([str(binaries / "pg_ctl"), "-D", str(data), "-l", str(base / "server.log"), "-o", options,
              "-w", "-t", "60", "start"], as_postgres)
        started = True
        yield Cluster(port, data)
    finally:
        if started:
            _run([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], as_postgres)
        shutil.rmtree(base, ignore_errors=True)
