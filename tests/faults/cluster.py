"""A primary and its hot standby, the fault suite's own servers.

Both run as user `postgres` (PostgreSQL refuses root), listen on 127.0.0.1
and a Unix socket in their own directory, on ports from 57000-57999 (the
other suites use 55100-55999 and 56000-56999). The standby is a
pg_basebackup -R of the primary, streaming from it. `Pair` is a context
manager: whatever happens, both servers are stopped and the directory
removed.
"""

import os
import random
import shutil
import socket
import subprocess
import tempfile
import time

PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")
PORTS = range(57000, 58000)


def as_postgres(args, timeout=120):
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--"] + args
    # Not the caller's PGHOST, PGPORT, PGDATA...: these servers are the suite's own.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C"
    return subprocess.run(args, capture_output=True, text=True, env=env, cwd="/",
                          timeout=timeout)


def chown_postgres(path):
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


def port_is_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) != 0


def free_port(taken=()):
    for _ in range(200):
        port = random.choice(PORTS)
        if port not in taken and port_is_free(port):
            return port
    raise RuntimeError("no free port in 57000-57999")


class Server:
    """One server: its directory (socket and log live there), data, port."""

    def __init__(self, home, port):
        self.home = home
        self.data = os.path.join(home, "data")
        self.port = port
        self.log = os.path.join(home, "server.log")
        self.running = False

    def pg_ctl(self, *args, timeout=90):
        return as_postgres([os.path.join(PG_BIN, "pg_ctl"), "-D", self.data] + list(args),
                           timeout=timeout)

    def start(self):
        p = self.pg_ctl("-l", self.log, "-w", "-t", "60",
                        "-o", f"-p {self.port} -k {self.home}", "start")
        self.running = p.returncode == 0 or os.path.exists(os.path.join(self.data,
                                                                        "postmaster.pid"))
        if p.returncode != 0:
            raise RuntimeError(f"server in {self.home} did not start:\n{self.log_text()[-3000:]}")

    def stop(self, mode="fast"):
        p = self.pg_ctl("-m", mode, "-w", "-t", "60", "stop")
        self.running = os.path.exists(os.path.join(self.data, "postmaster.pid"))
        return p

    def log_text(self):
        try:
            with open(self.log, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def dsn(self, db="postgres"):
        return f"host={self.home} port={self.port} user=postgres dbname={db}"


class Pair:
    """with Pair() as p: p.primary, p.standby (both started)."""

    def __init__(self):
        self.dir = None
        self.primary = None
        self.standby = None

    def __enter__(self):
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def _home(self, name):
        home = os.path.join(self.dir, name)
        os.mkdir(home, 0o700)
        chown_postgres(home)
        return home

    def _start(self):
        self.dir = tempfile.mkdtemp(prefix="pg_preflight_faults.")
        chown_postgres(self.dir)
        self.primary = Server(self._home("primary"), free_port())
        p = as_postgres([os.path.join(PG_BIN, "initdb"), "-D", self.primary.data, "-A", "trust",
                         "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"])
        if p.returncode != 0:
            raise RuntimeError("initdb failed:\n" + p.stdout + p.stderr)
        with open(os.path.join(self.primary.data, "postgresql.conf"), "a") as f:
            f.write("\n# tests/faults\nlisten_addresses = '127.0.0.1'\nfsync = off\n"
                    "shared_buffers = 16MB\nmax_connections = 30\nmax_wal_senders = 4\n"
                    "wal_level = replica\nhot_standby = on\n")
        self.primary.start()

    def make_standby(self):
        """A hot standby of the primary as it is now (call after loading data)."""
        self.standby = Server(self._home("standby"), free_port({self.primary.port}))
        p = as_postgres([os.path.join(PG_BIN, "pg_basebackup"), "-h", self.primary.home,
                         "-p", str(self.primary.port), "-U", "postgres", "-D", self.standby.data,
                         "-R", "-X", "stream", "--no-sync", "-c", "fast"])
        if p.returncode != 0:
            raise RuntimeError("pg_basebackup failed:\n" + p.stdout + p.stderr)
        self.standby.start()
        # Hot standby accepts connections once consistent; pg_ctl -w waited for that.

    def stop(self):
        for server in (self.standby, self.primary):
            if server is not None and os.path.exists(os.path.join(server.data, "postmaster.pid")):
                try:
                    server.stop("immediate")
                except subprocess.TimeoutExpired:
                    pass
        if self.dir and os.path.isdir(self.dir):
            shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None
