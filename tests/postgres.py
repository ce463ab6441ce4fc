"""A real, throw-away PostgreSQL server for the tests: ``initdb`` into a temporary directory, ``pg_ctl start``
on a free loopback port with its unix socket in that directory, stopped and removed afterwards.

Found on PATH or in Debian's ``/usr/lib/postgresql/<version>/bin`` (``make postgres-deps`` installs the
package). PostgreSQL refuses to run as root, so under root the server runs as the ``postgres`` user the Debian
package creates. Nothing here touches a system cluster.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from tests.helpers import free_port

REQUIRE_ENV = "DANCU_REQUIRE_POSTGRES"
DEBIAN_BIN_GLOB = "/usr/lib/postgresql/*/bin"
SERVICE_USER = "postgres"
START_TIMEOUT_S = 60


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL binaries on this machine (the tests then skip, or fail when it is required)."""


def find_bin_dir() -> Path:
    """The directory holding ``initdb`` and ``pg_ctl``: PATH first, then the newest Debian version."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    versions = sorted((Path(p) for p in glob.glob(DEBIAN_BIN_GLOB)),
                      key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True)
    for directory in versions:
        if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
            return directory
    raise PostgresUnavailable(
        "Không tìm thấy PostgreSQL (initdb, pg_ctl) trên PATH hay trong /usr/lib/postgresql/*/bin. "
        "Cài bằng: make postgres-deps (hoặc sudo apt-get install postgresql).")


@dataclass
class PostgresServer:
    bin_dir: Path
    root: Path
    port: int
    user: str = SERVICE_USER
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "run"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def new_database(self, prefix: str = "t") -> str:
        """A fresh empty database; returns its URL (a test never sees another test's rows)."""
        import psycopg

        name = f"{prefix}_{next(self._names)}"
        with psycopg.connect(host="127.0.0.1", port=self.port, user=self.user, dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if os.geteuid() == 0:  # PostgreSQL refuses root; run as the Debian package's service user
            command = ["runuser", "-u", SERVICE_USER, "--", *command]
        # cwd: a directory the service user may enter (the checkout may be private to root)
        done = subprocess.run(command, cwd=self.root, capture_output=True, text=True, timeout=START_TIMEOUT_S + 30)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}\n{log}")

    def start(self) -> None:
        # fsync off: a throw-away cluster; speed matters more than surviving a power cut.
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.socket_dir} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300")
        self._run("initdb", "-D", str(self.data_dir), "-U", self.user, "-A", "trust", "-E", "UTF8", "--no-locale",
                  "--no-sync")
        self._run("pg_ctl", "-D", str(self.data_dir), "-l", str(self.log), "-o", options, "-w", "-t",
                  str(START_TIMEOUT_S), "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")


@contextmanager
def running_postgres(bin_dir: Path | None = None) -> Iterator[PostgresServer]:
    """A started server; stopped and its directory removed on leaving. Raises ``PostgresUnavailable``."""
    bin_dir = bin_dir or find_bin_dir()
    # Not under pytest's base temp: that is 0700 and owned by root, so the service user could not enter it.
    root = Path(tempfile.mkdtemp(prefix="dancu-pg-"))
    server = PostgresServer(bin_dir, root, free_port(), user=SERVICE_USER if os.geteuid() == 0 else _me())
    try:
        server.socket_dir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(root, SERVICE_USER, SERVICE_USER)
            shutil.chown(server.socket_dir, SERVICE_USER, SERVICE_USER)
        server.start()
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _me() -> str:
    import getpass

    return getpass.getuser()


def required() -> bool:
    return os.environ.get(REQUIRE_ENV) == "1"
