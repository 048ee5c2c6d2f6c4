"""The server configurations of the TLS matrix, and throwaway PostgreSQL 15
servers running them.

Each configuration is one server: 127.0.0.1 only, a port from 56000-56999,
its data directory under one temporary directory owned by `postgres`
(PostgreSQL refuses to run as root). One initdb is copied for all of them.
`Servers` is a context manager: every server it started is stopped, and the
directory removed, however the block ends.
"""

import os
import random
import shutil
import socket
import subprocess
import tempfile

PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")
PORTS = range(56000, 57000)
HBA_LOCAL = "local all all trust\n"  # the Unix socket, for administration only


class Config:
    """One server configuration: ssl on or off, its certificate, pg_hba.conf."""

    def __init__(self, name, title, cert=None, client_ca=False, hba="host", auth="trust"):
        self.name = name
        self.title = title
        self.cert = cert            # certs.py name of the server certificate; None: ssl = off
        self.client_ca = client_ca  # ssl_ca_file = the trusted CA: client certificates checked
        self.hba = hba + " all all 127.0.0.1/32 " + auth + "\n"

    @property
    def ssl(self):
        return self.cert is not None


# Every configuration the matrix runs against, in table order.
CONFIGS = [
    Config("off", "TLS off"),
    Config("trusted", "TLS on, certificate from the trusted CA", cert="server"),
    Config("untrusted", "TLS on, certificate from an untrusted CA", cert="server-untrusted"),
    Config("mismatch", "TLS on, certificate for another name", cert="server-other"),
    Config("hostssl", "TLS required by pg_hba (hostssl only)", cert="server", hba="hostssl"),
    Config("clientcert", "client certificate required (clientcert=verify-full)", cert="server",
           client_ca=True, hba="hostssl", auth="trust clientcert=verify-full"),
    Config("certauth", "client certificate required (cert authentication)", cert="server",
           client_ca=True, hba="hostssl", auth="cert"),
]


def _as_postgres(args):
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--"] + args
    # Not the caller's PGHOST, PGPORT, PGDATA...: the servers are the matrix's own.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C"
    return subprocess.run(args, capture_output=True, text=True, env=env, cwd="/")


def _chown_postgres(path):
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


class Servers:
    """with Servers(certs) as s: s.port["trusted"] ... (all of CONFIGS, started)."""

    def __init__(self, certs, configs=CONFIGS):
        self.certs = certs
        self.configs = configs
        self.port = {}
        self.dir = None
        self._running = []

    def __enter__(self):
        try:
            self._start_all()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def _start_all(self):
        self.dir = tempfile.mkdtemp(prefix="pg_preflight_tls.")
        _chown_postgres(self.dir)
        template = os.path.join(self.dir, "template")
        p = _as_postgres([os.path.join(PG_BIN, "initdb"), "-D", template, "-A", "trust",
                          "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"])
        if p.returncode != 0:
            raise RuntimeError("initdb failed:\n" + p.stdout + p.stderr)
        taken = set()
        for config in self.configs:
            self._start(config, template, taken)

    def _start(self, config, template, taken):
        home = os.path.join(self.dir, config.name)
        data = os.path.join(home, "data")
        os.mkdir(home, 0o700)
        _chown_postgres(home)
        p = _as_postgres(["cp", "-a", template, data])
        if p.returncode != 0:
            raise RuntimeError("copying the template failed: " + p.stderr)
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": "'" + home + "'",
            "fsync": "off",
            "shared_buffers": "16MB",
            "max_connections": "40",
            "ssl": "on" if config.ssl else "off",
        }
        if config.ssl:
            for name, src in (("server.crt", self.certs.crt(config.cert)),
                              ("server.key", self.certs.key(config.cert))):
                dst = os.path.join(data, name)
                shutil.copyfile(src, dst)
                os.chmod(dst, 0o600)
                _chown_postgres(dst)
            settings["ssl_cert_file"] = "'server.crt'"
            settings["ssl_key_file"] = "'server.key'"
        if config.client_ca:
            dst = os.path.join(data, "ca.crt")
            shutil.copyfile(self.certs.crt("ca"), dst)
            _chown_postgres(dst)
            settings["ssl_ca_file"] = "'ca.crt'"
        with open(os.path.join(data, "postgresql.conf"), "a") as f:
            f.write("\n# tests/tls: " + config.title + "\n")
            for k, v in settings.items():
                f.write(k + " = " + v + "\n")
        with open(os.path.join(data, "pg_hba.conf"), "w") as f:
            f.write(HBA_LOCAL + config.hba)

        for _attempt in range(5):
            candidates = [p for p in PORTS if p not in taken]
            port = random.choice(candidates)
            taken.add(port)
            if not port_is_free(port):
                continue
            p = _as_postgres([os.path.join(PG_BIN, "pg_ctl"), "-D", data, "-l",
                              os.path.join(home, "server.log"), "-w", "-t", "60",
                              "-o", "-p " + str(port), "start"])
            if p.returncode == 0:
                self.port[config.name] = port
                self._running.append(data)
                return
            if os.path.exists(os.path.join(data, "postmaster.pid")):
                self._running.append(data)
                break
        raise RuntimeError("server " + config.name + " did not start:\n" + self.server_log(config.name))

    def server_log(self, name):
        try:
            with open(os.path.join(self.dir, name, "server.log")) as f:
                return f.read()[-3000:]
        except OSError:
            return ""

    def stop(self):
        while self._running:
            data = self._running.pop()
            _as_postgres([os.path.join(PG_BIN, "pg_ctl"), "-D", data, "-m", "immediate", "-w",
                          "-t", "30", "stop"])
        if self.dir and os.path.isdir(self.dir):
            shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None
