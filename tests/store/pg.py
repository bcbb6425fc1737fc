"""A PostgreSQL server of the test session's own, from Debian's packages (`apt-get install postgresql`;
./test.sh installs it): `initdb` in a temporary folder, `pg_ctl start` on a free port of 127.0.0.1 with
password authentication, and `pg_ctl stop` when the last user lets go (and at exit, whatever happens).
Debian's PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.

    server = pg.acquire()      # started once per process
    dsn = server.new_database()
    ...
    pg.release()
"""
from __future__ import annotations

import atexit
import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

MISSING = ("PostgreSQL is not installed: the state store's tests start their own server from Debian's "
           "packages (apt-get install -y -qq postgresql; ./test.sh installs it when it is missing).")


def binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        raise RuntimeError(MISSING)
    return Path(found[-1]).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self):
        self.bin = binaries()
        self.root = Path(tempfile.mkdtemp(prefix="antq-pg-"))
        self.data, self.log = self.root / "data", self.root / "server.log"
        self.password = "Mk-" + secrets.token_hex(12)  # in every DSN: the messages must never show it
        self.port = free_port()
        self.user = None
        if os.geteuid() == 0:
            self.user = "postgres"
            pw = pwd.getpwnam(self.user)
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        os.chmod(self.root, 0o700)
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n")
        if self.user:
            os.chown(pwfile, pw.pw_uid, pw.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=scram-sha-256", f"--pwfile={pwfile}",
                  "-E", "UTF8", "--no-locale")
        pwfile.unlink()
        self.running = False
        self._seq = 0
        self.start()

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bin / tool), *args]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if done.returncode:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}\n{log}")

    def start(self) -> None:
        # fsync off: these tests check the order of writes between processes, not a power cut
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start", "-o",
                  f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                  "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self.running = True

    def stop(self) -> None:
        if self.running:
            self._run("pg_ctl", "-D", str(self.data), "-w", "-t", "60", "stop", "-m", "fast")
            self.running = False

    def dsn(self, database: str = "postgres", port: int | None = None) -> str:
        return f"postgresql://postgres:{self.password}@127.0.0.1:{port or self.port}/{database}"

    def new_database(self) -> str:
        """The DSN of a new, empty database (one per test, so tests never see each other's state)."""
        import psycopg

        self._seq += 1
        name = f"antq_{os.getpid()}_{self._seq}"
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.dsn(name)

    def remove(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


_server: Server | None = None
_users = 0
_lock = threading.Lock()


def acquire() -> Server:
    global _server, _users
    with _lock:
        if _server is None:
            _server = Server()
            atexit.register(_stop_at_exit)
        _users += 1
        return _server


def release() -> None:
    global _server, _users
    with _lock:
        _users -= 1
        if _users == 0 and _server is not None:
            server, _server = _server, None
            server.remove()


def _stop_at_exit() -> None:
    if _server is not None:
        _server.remove()
