#!/usr/bin/python3
"""The TLS matrix: pg_preflight against psql, on real servers.

Generates one certificate set (certs.py), starts one server per configuration
(servers.py), and runs every cell of cases.py with psql (the reference
client, given the equivalent libpq connection string) and with
`pg_preflight --job source --format json`. For each cell:

  - both succeed, or both fail (pg_preflight exits 0 or 2; 3 only where it
    refuses before connecting: verify-full with no name to check);
  - when connected, pg_preflight's TLS block is what the server saw
    (pg_stat_ssl through psql: TLS or not, protocol, cipher, bits) and the
    verification libpq did (the chain when a root certificate is loaded, the
    name for verify-full; that rule is itself checked against psql on the
    untrusted-CA and wrong-name servers), with the server's certificate;
  - when failing, both name the same causes, and pg_preflight's hint
    addresses the first of them (unknown CA, name mismatch, ...);
  - the cells of cases.EXPECTED end as written there.

Prints one line per failing cell, then "tls: N cells checked, M
disagreements", and last "N passed, N failed" (a case per cell: passed
when psql and pg_preflight agree and the TLS facts match); exits 1 when
M > 0 (2, with no such line, when the certificates or servers could not
be set up, 130 when interrupted; the servers are stopped in every case).

  python3 tests/tls/run.py               # as root, after building the client
  python3 tests/tls/run.py --markdown    # also the README's tables, on stdout
                                         # (everything else then on stderr)
  python3 tests/tls/run.py --verbose     # one line per cell, failing or not

PG_PREFLIGHT names another client binary; PG_BIN another PostgreSQL.
"""

import argparse
import concurrent.futures
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ left in the tree

import cases  # noqa: E402
import certs as certs_mod  # noqa: E402
import servers  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
CLIENT = os.environ.get("PG_PREFLIGHT", os.path.join(ROOT, "build/cmake/client/pg_preflight"))
PSQL = os.path.join(servers.PG_BIN, "psql")
QUERY = "SELECT ssl, version, cipher, bits FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
TIMEOUT = 60


class Run:
    """What psql and pg_preflight did for one cell."""

    def __init__(self, cell):
        self.cell = cell
        self.psql_ok = False
        self.psql_tls = None  # (ssl, version, cipher, bits) as text, when connected
        self.psql_err = ""
        self.status = None    # pg_preflight's exit status
        self.doc = None       # its JSON document, when it printed one
        self.err = ""
        self.problems = []

    @property
    def psql_in_tls(self):
        return self.psql_ok and self.psql_tls[0] == "t"


def client_env(home):
    """No PG* variable, no ~/.postgresql, English messages: only the cell decides."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "LC_ALL": "C",
           "LANG": "C"}
    return env


def run_cell(cell, client, ports, certs, env):
    r = Run(cell)
    port = ports[cell.server]
    try:
        p = subprocess.run([PSQL, "-X", "-w", "-A", "-t", "-F", "|", "-d",
                            cases.psql_conninfo(cell, port, certs), "-c", QUERY],
                           env=env, capture_output=True, text=True, timeout=TIMEOUT)
        r.psql_ok = p.returncode == 0
        r.psql_err = " | ".join(p.stderr.strip().splitlines())
        if r.psql_ok:
            r.psql_tls = tuple(p.stdout.strip().split("|"))
            if len(r.psql_tls) != 4:
                r.problems.append("psql printed %r" % p.stdout)
                r.psql_tls = ("?", "", "", "")
        q = subprocess.run([client] + cases.preflight_args(cell, port, certs) +
                           ["--job", "source", "--format", "json"],
                           env=env, capture_output=True, text=True, timeout=TIMEOUT)
        r.status = q.returncode
        r.err = q.stderr.strip()
        if q.stdout.strip():
            try:
                r.doc = json.loads(q.stdout)
            except ValueError:
                r.problems.append("pg_preflight printed no JSON document: %r" % q.stdout[:200])
    except subprocess.TimeoutExpired as e:
        r.problems.append("timed out: %s" % " ".join(e.cmd[:1]))
    except OSError as e:
        r.problems.append("could not run: %s" % e)
    return r


def cert_names(certs):
    """The subject and issuer of each server certificate, as RFC 2253 text."""
    out = {}
    for config in servers.CONFIGS:
        if not config.cert:
            continue
        p = subprocess.run(["openssl", "x509", "-in", certs.crt(config.cert), "-noout",
                            "-subject", "-issuer", "-nameopt", "RFC2253"],
                           capture_output=True, text=True, check=True)
        lines = dict(line.split("=", 1) for line in p.stdout.strip().splitlines())
        out[config.name] = (lines["subject"].strip(), lines["issuer"].strip())
    return out


def outcome(r):
    """The cell's outcome in cases.EXPECTED's words, from pg_preflight's side."""
    if r.status == 3:
        return "refused"
    if r.status != 0 or r.doc is None:
        causes = cases.causes_in(r.err)
        return "fails:" + (causes[0].key if causes else "?")
    tls = r.doc["tls"]
    if not tls["in_use"]:
        return "plaintext"
    if not tls["certificate_verified"]:
        return "tls"
    if tls["verified_name"]:
        return "tls+ca+name:" + tls["verified_name"]
    return "tls+ca"


def check_tls_block(r, names):
    cell = r.cell
    tls = r.doc.get("tls", {})
    conn = r.doc.get("connection", {})
    ssl, version, cipher, bits = r.psql_tls
    want_in_use = ssl == "t"
    problems = []

    def same(what, got, want, by="the server says"):
        if got != want:
            problems.append("%s is %r, %s %r" % (what, got, by, want))

    same("tls.in_use", tls.get("in_use"), want_in_use)
    same("tls.sslmode", tls.get("sslmode"), cell.sslmode, "asked for")
    target = cases.TARGET[cell.target]
    if target.server_name:
        same("connection.host", conn.get("host"), target.server_name, "--server-name is")
    if want_in_use:
        same("tls.protocol", tls.get("protocol"), version)
        same("tls.cipher", tls.get("cipher"), cipher)
        same("tls.key_bits", tls.get("key_bits"), bits)
        same("tls.library", tls.get("library"), "OpenSSL", "libpq is built with")
        same("tls.certificate_verified", tls.get("certificate_verified"),
             cases.expect_chain_verified(cell), "libpq verifies:")
        same("tls.verified_name", tls.get("verified_name"),
             target.checked_name if cases.expect_name_verified(cell) else None,
             "libpq checks the name:")
        subject, issuer = names[cell.server]
        cert = tls.get("server_certificate") or {}
        same("tls.server_certificate.subject", cert.get("subject"), subject, "openssl says")
        same("tls.server_certificate.issuer", cert.get("issuer"), issuer, "openssl says")
    else:
        for key in ("protocol", "cipher", "key_bits", "verified_name", "server_certificate"):
            same("tls." + key, tls.get(key), None)
        same("tls.certificate_verified", tls.get("certificate_verified"), False)
    return problems


def check_failure(r):
    problems = []
    psql_causes = cases.causes_in(r.psql_err)
    mine = cases.causes_in(r.err)
    if not psql_causes:
        problems.append("psql's error names no known cause: " + r.psql_err)
        return problems
    if [c.key for c in mine] != [c.key for c in psql_causes]:
        problems.append("pg_preflight names %s, psql %s: %s" % (
            [c.label for c in mine], [c.label for c in psql_causes], r.err))
    first = psql_causes[0]
    if first.hint not in r.err:
        problems.append("pg_preflight's hint does not address %s (%r): %s" % (
            first.label, first.hint, r.err))
    return problems


def judge(r, names):
    """Every way the cell's two runs may disagree, as sentences."""
    cell = r.cell
    problems = list(r.problems)
    if r.status is None:
        return problems
    if cases.refused_before_connecting(cell):
        if r.status != 3 or cases.REFUSAL not in r.err:
            problems.append("pg_preflight should refuse before connecting (exit 3), got exit "
                            "%s: %s" % (r.status, r.err))
        if r.psql_ok:
            problems.append("psql connects where pg_preflight refuses")
    elif r.psql_ok:
        if r.status != 0:
            problems.append("psql connects, pg_preflight exits %d: %s" % (r.status, r.err))
        elif r.doc is None:
            problems.append("pg_preflight connected but printed no report")
        else:
            problems += check_tls_block(r, names)
    else:
        if r.status != 2:
            problems.append("psql fails (%s), pg_preflight exits %d %s" % (
                r.psql_err, r.status, r.err))
        else:
            problems += check_failure(r)
    want = cases.EXPECTED.get(cell)
    if want is not None and not problems and outcome(r) != want:
        problems.append("ends %s, expected %s" % (outcome(r), want))
    return problems


def evidence(sibling, cause_key):
    """What psql on the untrusted-CA (or wrong-name) server says about a
    setting's verification: True it verifies, False it does not, None unclear."""
    if sibling.psql_ok:
        if sibling.psql_tls[0] == "t":
            return False
        # prefer falls back to plaintext only when TLS failed: it verified.
        return True if sibling.cell.sslmode == "prefer" else None
    causes = cases.causes_in(sibling.psql_err)
    return True if causes and causes[0].key == cause_key else None


def check_rule(runs):
    """cases.expect_*_verified against psql itself, wherever psql can tell."""
    by_cell = {r.cell: r for r in runs}
    checked = 0
    for r in runs:
        if not r.psql_in_tls:
            continue
        for server, cause, rule, what in (
                ("untrusted", "unknown-ca", cases.expect_chain_verified, "the chain"),
                ("mismatch", "name", cases.expect_name_verified, "the name")):
            sibling = by_cell[r.cell._replace(server=server)]
            seen = evidence(sibling, cause)
            if seen is None:
                continue
            checked += 1
            if seen != rule(r.cell):
                r.problems.append("libpq %s %s here (psql on the %s server: %s), the rule in "
                                  "cases.py says otherwise" % (
                                      "verifies" if seen else "does not verify", what, server,
                                      sibling.psql_err or "connects"))
    return checked


# ---------------------------------------------------------------------------
# The README's tables.
# ---------------------------------------------------------------------------

WORDS = {"plaintext": "plaintext", "tls": "TLS, not verified", "tls+ca": "TLS, CA verified",
         "refused": "refused before connecting (exit 3)"}
LEVELS = ["nothing: may be plaintext", "encryption, certificate not verified",
          "encryption, certificate verified (CA)", "encryption, certificate and name verified"]


def words(o):
    if o in WORDS:
        return WORDS[o]
    if o.startswith("tls+ca+name:"):
        return "TLS, CA and name `%s` verified" % o.split(":", 1)[1]
    key = o.split(":", 1)[1] if o.startswith("fails:") else None
    return "fails: " + cases.CAUSE[key].label if key in cases.CAUSE else o


def level(r):
    o = outcome(r)
    return 0 if o == "plaintext" else 1 if o == "tls" else 2 if o == "tls+ca" else 3


def markdown(runs, n, m):
    by_cell = {r.cell: r for r in runs}
    out = []
    out.append("| sslmode | a connection without `--root-cert` guarantees | with `--root-cert` |")
    out.append("|---|---|---|")
    for mode in cases.SSLMODES:
        row = ["`%s`" % mode]
        for root in ("none", "ca"):
            ok = [r for r in runs if r.cell.sslmode == mode and r.cell.root == root and
                  r.status == 0 and r.doc is not None]
            row.append(LEVELS[min(level(r) for r in ok)] if ok else "never connects")
        out.append("| " + " | ".join(row) + " |")
    for title, note, columns in cases.README_TABLES:
        out.append("")
        out.append("**%s** (%s):" % (title, note))
        out.append("")
        out.append("| sslmode | " + " | ".join(h for h, _ in columns) + " |")
        out.append("|---" * (len(columns) + 1) + "|")
        for mode in cases.SSLMODES:
            cells = [words(outcome(by_cell[f(mode)])) for _, f in columns]
            out.append("| `%s` | " % mode + " | ".join(cells) + " |")
    out.append("")
    out.append("Generated by `python3 tests/tls/run.py --markdown`: %d cells (%d server "
               "configurations x %d sslmodes x %d root certificates x %d client certificates "
               "x %d targets), each run with psql and with pg_preflight, %d disagreements." % (
                   n, len(servers.CONFIGS), len(cases.SSLMODES), len(cases.ROOTS),
                   len(cases.CLIENTS), len(cases.TARGETS), m))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--markdown", action="store_true", help="print the README's tables")
    ap.add_argument("--jobs", type=int, default=4, help="cells run at once (default 4)")
    ap.add_argument("--verbose", action="store_true", help="one line per cell")
    args = ap.parse_args()
    report = sys.stderr if args.markdown else sys.stdout

    if not os.access(CLIENT, os.X_OK):
        print("tls: setup failed: %s is not built" % CLIENT, file=report)
        return 2

    def stop(signum, _frame):
        raise KeyboardInterrupt("signal %d" % signum)

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, stop)  # the servers are stopped on the way out
    started = time.monotonic()
    work = tempfile.mkdtemp(prefix="pg_preflight_tls_client.")
    try:
        home = os.path.join(work, "home")
        os.mkdir(home)
        # A copy: a rebuild while the matrix runs does not pull the binary away.
        client = os.path.join(work, "pg_preflight")
        shutil.copy2(CLIENT, client)
        certs = certs_mod.generate(os.path.join(work, "certs"))
        names = cert_names(certs)
        env = client_env(home)
        cells = cases.all_cells()
        known = set(cells)
        stray = [c for c in list(cases.EXPECTED) + [f(m) for _, _, cols in cases.README_TABLES
                                                   for _, f in cols for m in cases.SSLMODES]
                 if c not in known]
        if stray:
            raise RuntimeError("cases.py names cells the matrix lacks: %s" % stray[:3])
        with servers.Servers(certs) as srv:
            with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
                runs = list(pool.map(lambda c: run_cell(c, client, srv.port, certs, env), cells))
    except (RuntimeError, OSError, subprocess.CalledProcessError) as e:
        print("tls: setup failed: %s" % e, file=report)
        return 2
    finally:
        shutil.rmtree(work, ignore_errors=True)

    rule_checks = check_rule(runs)
    failed = 0
    for r in runs:
        problems = judge(r, names)
        if problems:
            failed += 1
            print("FAILED %s: %s" % (cases.cell_label(r.cell), "; ".join(problems)), file=report)
        elif args.verbose:
            print("ok     %s: %s" % (cases.cell_label(r.cell), outcome(r)), file=report)
    if args.verbose:
        print("tls: the verification rule checked against psql %d times" % rule_checks,
              file=report)
    if args.markdown:
        print(markdown(runs, len(runs), failed))
    print("tls: took %.0f s" % (time.monotonic() - started), file=report)
    print("tls: %d cells checked, %d disagreements" % (len(runs), failed), file=report)
    print("%d passed, %d failed" % (len(runs) - failed, failed), file=report, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt as e:
        print("tls: interrupted (%s); the servers are stopped" % e, file=sys.stderr)
        sys.exit(130)
