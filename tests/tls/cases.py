"""The TLS matrix: every cell, what psql and pg_preflight are given for it,
the causes a failure may name, and the cells whose outcome is written down.

A cell is one server configuration (servers.CONFIGS) x one sslmode x one
root certificate x one client certificate and key x one target (the host,
and the name to check). psql gets the cell as a libpq connection string,
pg_preflight as its options; both must then succeed or fail together.
"""

import itertools
from collections import namedtuple

import servers

SSLMODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]

# --root-cert: none (libpq's default ~/.postgresql/root.crt, absent: HOME is
# an empty directory) or the trusted CA.
ROOTS = {"none": None, "ca": "ca"}

# --client-cert and --client-key: none, issued by the trusted CA, or by the
# untrusted one (both for CN=postgres, the user connected as).
CLIENTS = {"none": None, "ca": "client", "untrusted": "client-untrusted"}


class Target:
    """Where to connect, and the name libpq checks the certificate against."""

    def __init__(self, label, host=None, hostaddr=None, server_name=None):
        self.label = label
        self.host = host
        self.hostaddr = hostaddr
        self.server_name = server_name

    @property
    def checked_name(self):
        """The name verify-full checks: --server-name, else the host; None without one."""
        return self.server_name or self.host


TARGETS = [
    Target("127.0.0.1", host="127.0.0.1"),
    Target("localhost", host="localhost"),
    Target("127.0.0.1 --server-name localhost", host="127.0.0.1", server_name="localhost"),
    Target("127.0.0.1 --server-name wrong.example", host="127.0.0.1",
           server_name="wrong.example"),
    # hostaddr alone: libpq has no host name to check (it compares the
    # certificate with the default socket directory's path).
    Target("hostaddr=127.0.0.1, no host", hostaddr="127.0.0.1"),
]
TARGET = {t.label: t for t in TARGETS}
CONFIG = {c.name: c for c in servers.CONFIGS}

DBNAME = "postgres"
USER = "postgres"  # a superuser: pg_preflight --job source exits 0 once connected

Cell = namedtuple("Cell", "server sslmode root client target")


def cell_label(cell):
    return "/".join([cell.server, cell.sslmode, "root=" + cell.root, "client=" + cell.client,
                     cell.target])


def all_cells():
    """Every cell, in a fixed order (servers, then sslmodes, roots, clients, targets)."""
    return [Cell(s.name, m, r, c, t.label) for s, m, r, c, t in
            itertools.product(servers.CONFIGS, SSLMODES, ROOTS, CLIENTS, TARGETS)]


def _files(cell, certs):
    root = ROOTS[cell.root]
    client = CLIENTS[cell.client]
    return (certs.crt(root) if root else None,
            (certs.crt(client), certs.key(client)) if client else None)


def _quote(value):
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def psql_conninfo(cell, port, certs):
    """The libpq connection string psql gets: what pg_preflight's options mean."""
    t = TARGET[cell.target]
    root, client = _files(cell, certs)
    parts = []
    if t.server_name:  # --server-name NAME is host=NAME hostaddr=<the address>
        parts += [("host", t.server_name), ("hostaddr", t.host)]
    else:
        if t.host:
            parts.append(("host", t.host))
        if t.hostaddr:
            parts.append(("hostaddr", t.hostaddr))
    parts += [("port", str(port)), ("dbname", DBNAME), ("user", USER), ("sslmode", cell.sslmode)]
    if root:
        parts.append(("sslrootcert", root))
    if client:
        parts += [("sslcert", client[0]), ("sslkey", client[1])]
    return " ".join(k + "=" + _quote(v) for k, v in parts)


def preflight_args(cell, port, certs):
    """pg_preflight's options for the cell (before --job and --format)."""
    t = TARGET[cell.target]
    root, client = _files(cell, certs)
    if t.host:
        args = ["--host", t.host, "--port", str(port), "--dbname", DBNAME, "--username", USER]
    else:  # no --hostaddr option: a libpq key=value string
        args = ["--url", "hostaddr=%s port=%d dbname=%s user=%s" % (t.hostaddr, port, DBNAME,
                                                                      USER)]
    args += ["--sslmode", cell.sslmode]
    if t.server_name:
        args += ["--server-name", t.server_name]
    if root:
        args += ["--root-cert", root]
    if client:
        args += ["--client-cert", client[0], "--client-key", client[1]]
    return args


def refused_before_connecting(cell):
    """pg_preflight refuses the cell with exit status 3, without connecting:
    verify-full with no name to check (libpq would compare the certificate
    with a socket directory's path, and fail)."""
    return cell.sslmode == "verify-full" and TARGET[cell.target].checked_name is None


# What libpq does, as its documentation says (PostgreSQL 15, "SSL Support"):
# a root certificate, when one is loaded (--root-cert, or any verify-* mode),
# makes OpenSSL verify the server's chain, in every sslmode that uses TLS;
# only verify-full also checks the name. The runner tests this rule against
# psql on the untrusted-CA and wrong-name servers wherever they can tell.
def expect_chain_verified(cell):
    return cell.root != "none" or cell.sslmode.startswith("verify-")


def expect_name_verified(cell):
    return cell.sslmode == "verify-full"


class Cause:
    """A reason a connection fails, as libpq words it, and the words of
    pg_preflight's hint that tell a person what to do about it."""

    def __init__(self, key, label, needles, hint):
        self.key = key
        self.label = label
        self.needles = needles  # every one must occur in the message
        self.hint = hint

    def found_in(self, message):
        return all(n in message for n in self.needles)


# In order of precedence: when libpq reports two attempts (allow and prefer
# try twice), the first cause listed here is the one to act on, and the one
# pg_preflight's hint must address.
CAUSES = [
    Cause("name", "name mismatch", ["does not match host name"], "--server-name"),
    Cause("unknown-ca", "unknown CA", ["certificate verify failed"],
          "the server's certificate did not verify: check --root-cert"),
    Cause("no-root", "no root certificate", ["root certificate file", "does not exist"],
          "pass --root-cert"),
    Cause("no-ssl", "server does not support SSL", ["server does not support SSL"],
          "the server has TLS off"),
    Cause("client-cert-required", "client certificate required",
          ["requires a valid client certificate"], "the server requires a client certificate"),
    Cause("client-cert-untrusted", "client certificate not trusted", ["alert unknown ca"],
          "the server did not accept the client certificate"),
    Cause("tls-required", "TLS required by pg_hba", ["no pg_hba.conf entry", "no encryption"],
          "pg_hba.conf does not admit"),
]
CAUSE = {c.key: c for c in CAUSES}

# pg_preflight's own refusal (exit status 3): no name to check.
REFUSAL = "sslmode verify-full checks the server's name"


def causes_in(message):
    return [c for c in CAUSES if c.found_in(message)]


# Cells whose outcome is written down, so that psql and pg_preflight cannot
# agree on something wrong. Expectation: "plaintext", "tls" (unverified),
# "tls+ca" (chain verified), "tls+ca+name:NAME" (and NAME checked),
# "fails:<cause key>", or "refused".
EXPECTED = {
    # The server name, on the server whose certificate names localhost and 127.0.0.1.
    Cell("trusted", "verify-full", "ca", "none", "127.0.0.1 --server-name localhost"):
        "tls+ca+name:localhost",
    Cell("trusted", "verify-full", "ca", "none", "127.0.0.1 --server-name wrong.example"):
        "fails:name",
    Cell("trusted", "verify-full", "ca", "none", "localhost"): "tls+ca+name:localhost",
    Cell("trusted", "verify-full", "ca", "none", "127.0.0.1"): "tls+ca+name:127.0.0.1",
    Cell("trusted", "verify-full", "ca", "none", "hostaddr=127.0.0.1, no host"): "refused",
    Cell("trusted", "verify-ca", "ca", "none", "127.0.0.1 --server-name wrong.example"):
        "tls+ca",
    Cell("trusted", "verify-ca", "none", "none", "localhost"): "fails:no-root",
    Cell("trusted", "require", "none", "none", "localhost"): "tls",
    Cell("trusted", "require", "ca", "none", "localhost"): "tls+ca",
    Cell("trusted", "prefer", "none", "none", "localhost"): "tls",
    Cell("trusted", "allow", "none", "none", "localhost"): "plaintext",
    Cell("trusted", "disable", "ca", "ca", "localhost"): "plaintext",
    # TLS off.
    Cell("off", "require", "none", "none", "localhost"): "fails:no-ssl",
    Cell("off", "verify-full", "ca", "none", "localhost"): "fails:no-ssl",
    Cell("off", "prefer", "ca", "none", "localhost"): "plaintext",
    # A certificate from a CA nobody trusts.
    Cell("untrusted", "require", "none", "none", "localhost"): "tls",
    Cell("untrusted", "require", "ca", "none", "localhost"): "fails:unknown-ca",
    Cell("untrusted", "verify-ca", "ca", "none", "localhost"): "fails:unknown-ca",
    Cell("untrusted", "verify-full", "ca", "none", "localhost"): "fails:unknown-ca",
    Cell("untrusted", "prefer", "ca", "none", "localhost"): "plaintext",
    # A certificate for another name.
    Cell("mismatch", "verify-ca", "ca", "none", "localhost"): "tls+ca",
    Cell("mismatch", "verify-full", "ca", "none", "localhost"): "fails:name",
    Cell("mismatch", "verify-full", "ca", "none", "127.0.0.1 --server-name localhost"):
        "fails:name",
    # TLS required by pg_hba.
    Cell("hostssl", "disable", "none", "none", "localhost"): "fails:tls-required",
    Cell("hostssl", "allow", "none", "none", "localhost"): "tls",
    # Client certificates.
    Cell("clientcert", "require", "none", "none", "localhost"): "fails:client-cert-required",
    Cell("clientcert", "prefer", "none", "none", "localhost"): "fails:client-cert-required",
    Cell("clientcert", "allow", "none", "none", "localhost"): "fails:client-cert-required",
    Cell("clientcert", "require", "none", "untrusted", "localhost"):
        "fails:client-cert-untrusted",
    Cell("clientcert", "verify-full", "ca", "ca", "localhost"): "tls+ca+name:localhost",
    Cell("certauth", "require", "none", "none", "localhost"): "fails:client-cert-required",
    Cell("certauth", "verify-ca", "ca", "untrusted", "localhost"):
        "fails:client-cert-untrusted",
    Cell("certauth", "verify-full", "ca", "ca", "localhost"): "tls+ca+name:localhost",
    Cell("certauth", "disable", "ca", "ca", "localhost"): "fails:tls-required",
}


# The README's tables: (title, note, columns); each column is a header and
# the cell it shows for a given sslmode.
def _col(header, server, root="ca", client="none", target="localhost"):
    return (header, lambda mode: Cell(server, mode, root, client, target))


README_TABLES = [
    ("Server certificates",
     "host `localhost`, no client certificate; `--root-cert` is the CA that signed the "
     "server's certificate, except in the untrusted-CA column",
     [_col("TLS off", "off"),
      _col("trusted CA, no `--root-cert`", "trusted", root="none"),
      _col("trusted CA, `--root-cert`", "trusted"),
      _col("untrusted CA, no `--root-cert`", "untrusted", root="none"),
      _col("untrusted CA, `--root-cert`", "untrusted"),
      _col("certificate for another name", "mismatch"),
      _col("`hostssl` only", "hostssl")]),
    ("Client certificates",
     "host `localhost`, `--root-cert`; the server trusts certificates issued by the CA",
     [_col("`clientcert=verify-full`, none given", "clientcert"),
      _col("`clientcert=verify-full`, from the CA", "clientcert", client="ca"),
      _col("`clientcert=verify-full`, from another CA", "clientcert", client="untrusted"),
      _col("`cert` auth, none given", "certauth"),
      _col("`cert` auth, from the CA", "certauth", client="ca"),
      _col("`cert` auth, from another CA", "certauth", client="untrusted")]),
    ("The name checked",
     "the server's certificate names `localhost` and `127.0.0.1`; `--root-cert`",
     [_col("`--host 127.0.0.1`", "trusted", target="127.0.0.1"),
      _col("`--host localhost`", "trusted", target="localhost"),
      _col("`--host 127.0.0.1 --server-name localhost`", "trusted",
           target="127.0.0.1 --server-name localhost"),
      _col("`--host 127.0.0.1 --server-name wrong.example`", "trusted",
           target="127.0.0.1 --server-name wrong.example"),
      _col("`hostaddr=127.0.0.1` (no host)", "trusted", target="hostaddr=127.0.0.1, no host")]),
]
