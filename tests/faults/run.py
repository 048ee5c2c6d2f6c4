#!/usr/bin/python3
"""Faults: pg_preflight when things go wrong around it, on servers of its own.

Starts a primary and a hot standby of it (cluster.py), loads the demo shop
with the extension, and runs the real client through each fault:

  - Ctrl-C while the check runs (extension and catalog path, text and JSON):
    exit 130, the query cancelled on the server, the server fine afterwards;
  - the server stops (fast, immediate) mid-run; the backend is terminated;
    a TCP proxy in the path cuts both sides: exit 2, no hang;
  - no server: a closed port, a missing socket directory, an unknown host
    name, a port that accepts and never answers (connect timeout);
  - a destination job on the hot standby, or in read-only sessions: exit 2;
    a source job on the standby works and says it ran on a standby.

A run "mid-check" is made deterministic by a session holding an ACCESS
EXCLUSIVE lock on pg_catalog.pg_inherits, which both paths read: the
client's query waits on it (seen in pg_stat_activity) until the fault.

Every failure must exit with its status, leave stdout free of any report
(text: no verdict; JSON: nothing), and say on stderr what failed and what to
do ("pg_preflight: ...; hint: ..."). Every client run is bounded: a hang is
a failure. Prints one line per case, then "N passed, N failed".
Run as root (servers run as postgres) with Debian's /usr/bin/python3.
"""

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ left in the tree

import psycopg2  # noqa: E402

import cluster  # noqa: E402
import net  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
CLIENT = os.environ.get("PG_PREFLIGHT", os.path.join(ROOT, "build/cmake/client/pg_preflight"))
PSQL = os.path.join(cluster.PG_BIN, "psql")
DB = "faults"
DB_RO = "faults_ro"
CANCELLED = "canceling statement due to user request"

results = []


def case(name, ok, detail=""):
    results.append(ok)
    print(("ok     " if ok else "FAILED ") + name + ("" if ok else ": " + detail), flush=True)


# --- running the client ----------------------------------------------------

HOME = tempfile.mkdtemp(prefix="pg_preflight_faults_home.")


def start_client(args, host, port, db=DB):
    """No PG* variable, no ~/.pgpass: the arguments alone decide."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": HOME, "LC_ALL": "C",
           "NO_COLOR": "1"}
    argv = [CLIENT, "--host", host, "--port", str(port), "--username", "postgres",
            "--dbname", db] + args
    return subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


class Outcome:
    def __init__(self, code, out, err, hung):
        self.code, self.out, self.err, self.hung = code, out, err, hung


def finish(proc, timeout):
    try:
        out, err = proc.communicate(timeout=timeout)
        return Outcome(proc.returncode, out, err, False)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        return Outcome(None, out, err, True)


def run_client(server, args, db=DB, timeout=60):
    return finish(start_client(args, server.home, server.port, db), timeout)


def report_problem(out, fmt):
    """What on stdout looks like a result, or "" when there is none."""
    if fmt == "fix":  # --fix: the script alone, or nothing
        return "stdout holds a fix script: " + out[:200] if out.strip() else ""
    if fmt == "json":
        if not out.strip():
            return ""
        try:
            doc = json.loads(out)
        except ValueError:
            return "stdout is neither empty nor a JSON document: " + out[:200]
        if not isinstance(doc, dict) or "error" not in doc or "rows" in doc or "verdict" in doc:
            return "stdout holds a JSON report: " + out[:200]
        return ""
    for pattern in (r"^(READY|NOT READY)\b", r"^Check$", r"^GRANT ", r"^\s+schema\s+table"):
        if re.search(pattern, out, re.M):
            return "stdout holds a report: " + out[-300:]
    return ""


def expect_failure(name, o, status, fmt="text", mentions=()):
    """Exit `status`, no report on stdout, an error line naming each of `mentions`
    (a string, or a tuple of alternatives) and a hint."""
    problems = []
    if o.hung:
        problems.append("hung (killed)")
    elif o.code != status:
        problems.append(f"exit {o.code}, want {status}")
    p = report_problem(o.out, fmt)
    if p:
        problems.append(p)
    lines = [l for l in o.err.splitlines() if l.startswith("pg_preflight: ")]
    if not lines or "; hint: " not in lines[-1]:
        problems.append("no 'pg_preflight: ...; hint: ...' line")
    for m in mentions:
        alternatives = m if isinstance(m, tuple) else (m,)
        if not any(a.lower() in o.err.lower() for a in alternatives):
            problems.append(f"stderr does not name {' or '.join(alternatives)!r}")
    if problems:
        problems.append("stderr: " + o.err.strip()[-400:])
    case(name, not problems, "; ".join(problems))


def expect_report(name, o, fmt, check=None):
    """Exit 0 or 1 with a complete report; `check(doc or text)` returns a problem or ""."""
    problems = []
    if o.hung or o.code not in (0, 1):
        problems.append(f"exit {o.code}, want 0 or 1; stderr: {o.err.strip()[-300:]}")
    else:
        if fmt == "json":
            try:
                doc = json.loads(o.out)
                if not doc.get("rows") or "verdict" not in doc:
                    problems.append("the JSON report has no rows or verdict")
                elif check:
                    problems.append(check(doc))
            except ValueError:
                problems.append("stdout is not JSON: " + o.out[:200])
        else:
            if not re.search(r"^(READY|NOT READY)\b", o.out, re.M):
                problems.append("no verdict in the text report")
            elif check:
                problems.append(check(o.out))
    problems = [p for p in problems if p]
    case(name, not problems, "; ".join(problems))


# --- holding the check mid-run -------------------------------------------

class Blocker:
    """Holds ACCESS EXCLUSIVE on pg_inherits: the client's catalog read waits."""

    def __init__(self, server, db=DB):
        self.conn = psycopg2.connect(server.dsn(db), application_name="faults_blocker")
        self.cur = self.conn.cursor()
        self.cur.execute("LOCK TABLE pg_catalog.pg_inherits IN ACCESS EXCLUSIVE MODE")

    def _client_backends(self, where, params=()):
        self.cur.execute("SELECT pg_catalog.pg_stat_clear_snapshot()")
        self.cur.execute("SELECT pid, query FROM pg_catalog.pg_stat_activity "
                         "WHERE application_name = 'pg_preflight' AND " + where, params)
        return self.cur.fetchall()

    def wait_blocked(self, proc, timeout=20):
        """(pid, query) of the client's backend once it waits on the lock."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and proc.poll() is None:
            rows = self._client_backends("state = 'active' AND wait_event_type = 'Lock'")
            if rows:
                return rows[0]
            time.sleep(0.05)
        return None

    def active(self, pid):
        return bool(self._client_backends("pid = %s AND state = 'active'", (pid,)))

    def terminate(self, pid):
        self.cur.execute("SELECT pg_catalog.pg_terminate_backend(%s)", (pid,))

    def release(self):
        try:
            self.conn.rollback()
            self.conn.close()
        except psycopg2.Error:
            pass  # the server went away under it: nothing to release


def mid_run(server, args, fault, fmt="text", host=None, port=None, timeout=30):
    """Starts the client, waits until its query is blocked, calls fault(blocker,
    proc, pid, query), then waits for the client. Returns (Outcome, blocked, fault's value)."""
    blocker = Blocker(server)
    fmt_args = [] if fmt == "fix" else ["--format", fmt]
    proc = start_client(args + fmt_args, host or server.home, port or server.port)
    value = None
    try:
        blocked = blocker.wait_blocked(proc)
        if blocked:
            value = fault(blocker, proc, *blocked)
        outcome = finish(proc, timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        blocker.release()
    if not blocked:  # the fault never happened: whatever the client did is no answer
        outcome = Outcome(None, outcome.out,
                          f"the client's query never waited on the lock (exit {outcome.code}): "
                          + outcome.err, False)
    return outcome, blocked, value


# --- the cases ---------------------------------------------------------------

def setup(pair):
    p = pair.primary
    conn = psycopg2.connect(p.dsn())
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE {DB}")
        cur.execute(f"CREATE DATABASE {DB_RO}")
    conn.close()
    subprocess.run([PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", p.dsn(DB), "-f",
                    os.path.join(ROOT, "scripts/demo_data/shop.sql"), "-c",
                    "CREATE EXTENSION pg_preflight"], check=True, capture_output=True)
    subprocess.run([PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", p.dsn(DB_RO),
                    "-c", "CREATE EXTENSION pg_preflight",
                    "-c", f"ALTER DATABASE {DB_RO} SET default_transaction_read_only = on",
                    "-c", f"ALTER ROLE sync_reader IN DATABASE {DB} "
                          "SET default_transaction_read_only = on"],
                   check=True, capture_output=True)
    pair.make_standby()


def no_server_cases():
    port = cluster.free_port()
    o = finish(start_client([], "127.0.0.1", port), 30)
    expect_failure(f"closed port 127.0.0.1:{port}: exit 2", o, 2,
                   mentions=["127.0.0.1", str(port), "Connection refused", "check the host and port"])
    o = finish(start_client(["--format", "json"], "127.0.0.1", port), 30)
    expect_failure("closed port, --format json: exit 2, no JSON", o, 2, fmt="json",
                   mentions=["Connection refused"])
    o = finish(start_client([], "/nonexistent/faults-socket-dir", 5432), 30)
    expect_failure("missing socket directory: exit 2", o, 2,
                   mentions=["/nonexistent/faults-socket-dir", "5432", "Unix socket"])
    o = finish(start_client([], "no-such-host.invalid", 5432), 60)
    expect_failure("unresolvable host name: exit 2", o, 2,
                   mentions=["no-such-host.invalid", "check the host name"])

    silent = net.Silent()
    try:
        o = finish(start_client(["--connect-timeout", "2"], "127.0.0.1", silent.port), 20)
        expect_failure("a port that never answers, --connect-timeout 2: exit 2, no hang", o, 2,
                       mentions=["timeout expired", str(silent.port), "--connect-timeout"])
        # Without the option the documented default (10 s) applies: never forever.
        o = finish(start_client(["--format", "json"], "127.0.0.1", silent.port), 40)
        expect_failure("a port that never answers, default timeout: exit 2, no hang", o, 2,
                       fmt="json", mentions=["timeout expired"])
    finally:
        silent.close()


def read_only_cases(pair):
    p = pair.primary
    o = run_client(p, ["--job", "destination"], db=DB_RO)
    expect_failure("destination job in a default_transaction_read_only database: exit 2", o, 2,
                   mentions=["read-only", "default_transaction_read_only",
                             "default_transaction_read_only = off"])
    o = run_client(p, ["--job", "destination", "--format", "json", "--source", "catalog"],
                   db=DB_RO)
    expect_failure("... --format json --source catalog: exit 2, no JSON", o, 2, fmt="json",
                   mentions=["read-only"])
    expect_report("source job in a read-only database works",
                  run_client(p, ["--job", "source"], db=DB_RO), "text")
    o = run_client(p, ["--job", "destination", "--role", "sync_reader"])
    expect_failure("destination job for a role whose sessions are read-only: exit 2", o, 2,
                   mentions=['role "sync_reader"', "read-only"])
    expect_report("destination job for another role there is not refused",
                  run_client(p, ["--job", "destination", "--role", "sync_writer"]), "text")


def standby_cases(pair):
    s = pair.standby
    for source in ("extension", "catalog"):
        for fmt in ("text", "json"):
            o = run_client(s, ["--job", "destination", "--source", source, "--format", fmt,
                               "--role", "sync_writer"])
            expect_failure(f"destination job on the hot standby ({source}, {fmt}): exit 2", o, 2,
                           fmt=fmt, mentions=["hot standby", "in recovery", "primary"])
        expect_report(f"source job on the hot standby works and says so ({source}, text)",
                      run_client(s, ["--source", source, "--role", "sync_reader"]), "text",
                      lambda out: "" if "hot standby (read-only, in recovery)" in out
                      else "the report does not mention the standby")
        expect_report(f"source job on the hot standby ({source}, json): in_recovery true",
                      run_client(s, ["--source", source, "--format", "json",
                                     "--role", "sync_reader"]), "json",
                      lambda d: "" if d["connection"].get("in_recovery") is True
                      else f"connection.in_recovery is {d['connection'].get('in_recovery')!r}")
    expect_report("the primary: in_recovery false",
                  run_client(pair.primary, ["--format", "json", "--job", "destination"]), "json",
                  lambda d: "" if d["connection"].get("in_recovery") is False
                  else f"connection.in_recovery is {d['connection'].get('in_recovery')!r}")


def ctrl_c_cases(pair):
    p = pair.primary
    runs = [(signal.SIGINT, source, marker, fmt)
            for source, marker in (("extension", ".check("), ("catalog", "pg_inherits"))
            for fmt in ("text", "json")]
    # A CI job's timeout sends SIGTERM: it must cancel the query too.
    runs.append((signal.SIGTERM, "extension", ".check(", "text"))
    for sig, source, marker, fmt in runs:
        name = f"{'Ctrl-C' if sig == signal.SIGINT else 'SIGTERM'} ({source}, {fmt})"
        log_start = len(p.log_text())
        state = {}

        def interrupt(blocker, proc, pid, query):
            state["query"] = query
            proc.send_signal(sig)
            # The lock is still held: only a cancel ends the server's query.
            deadline = time.monotonic() + 1.0
            while blocker.active(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            return not blocker.active(pid)

        o, blocked, ended = mid_run(p, ["--source", source, "--job", "source"], interrupt,
                                    fmt=fmt)
        if not blocked:
            case(name, False, "the client's query never waited on the lock: "
                 + o.err.strip()[-300:])
            continue
        case(f"{name}: the blocked query is the {source} path's",
             marker in state["query"], state["query"][:200])
        problems = []
        if o.hung or o.code != 130:
            problems.append(f"exit {o.code}, want 130")
        if report_problem(o.out, fmt):
            problems.append(report_problem(o.out, fmt))
        if "interrupted" not in o.err:
            problems.append("stderr does not say interrupted: " + o.err.strip()[-300:])
        case(f"{name}: exit 130, no report", not problems, "; ".join(problems))
        case(f"{name}: the server's query ended within a second, lock still held", ended)
        case(f"{name}: the server log says the statement was cancelled",
             CANCELLED in p.log_text()[log_start:], "no '" + CANCELLED + "' in the log")
        expect_report(f"{name}: the next run works",
                      run_client(p, ["--source", source, "--format", fmt]), fmt)


def broken_connection_cases(pair):
    p = pair.primary

    def terminate(blocker, proc, pid, query):
        blocker.terminate(pid)
    o, blocked, _ = mid_run(p, ["--source", "extension"], terminate)
    expect_failure("pg_terminate_backend mid-run: exit 2", o, 2,
        mentions=["terminating connection due to administrator command", "server's log"])
    o, blocked, _ = mid_run(p, ["--source", "catalog", "--fix"], terminate, fmt="fix")
    expect_failure("pg_terminate_backend mid-run, --fix: exit 2, no script", o, 2, fmt="fix",
                   mentions=["connection to the server was lost", "server's log"])

    proxy = net.Proxy(p.port)
    try:
        def cut(blocker, proc, pid, query):
            proxy.cut()
        o, blocked, _ = mid_run(p, ["--source", "catalog", "--sslmode", "disable"], cut,
                                fmt="json", host="127.0.0.1", port=proxy.port)
        expect_failure("TCP connection cut mid-run (proxy closes both sides): exit 2, no hang",
                       o, 2, fmt="json",
                       mentions=[("server closed the connection", "connection"), "try again"])
    finally:
        proxy.close()
    expect_report("the server is fine after the cuts", run_client(p, []), "text")


def server_stop_cases(pair):
    p = pair.primary
    for mode, fmt, source, says in (("fast", "text", "extension", "administrator command"),
                                    ("immediate", "json", "catalog", "immediate shutdown")):
        def stop(blocker, proc, pid, query):
            p.stop(mode)
        try:
            o, blocked, _ = mid_run(p, ["--source", source], stop, fmt=fmt)
        finally:
            if not p.running:
                p.start()
        expect_failure(f"server stopped mid-run (pg_ctl stop -m {mode}, {source}, {fmt}): exit 2",
                       o, 2, fmt=fmt,
                       mentions=[says, "server's log"])
    expect_report("the server is fine after the restarts", run_client(p, []), "text")


def main():
    if not os.access(CLIENT, os.X_OK):
        print(f"faults: no client at {CLIENT}: build it first")
        print("0 passed, 1 failed")
        return 1
    try:
        with cluster.Pair() as pair:
            setup(pair)
            print(f"faults: primary on port {pair.primary.port}, hot standby on port "
                  f"{pair.standby.port}", flush=True)
            no_server_cases()
            read_only_cases(pair)
            standby_cases(pair)
            ctrl_c_cases(pair)
            broken_connection_cases(pair)
            server_stop_cases(pair)
    except Exception as e:  # a setup failure or a bug in the suite: counted, not hidden
        case("the suite ran to the end", False, f"{type(e).__name__}: {e}")
    finally:
        subprocess.run(["rm", "-rf", HOME])
    passed = sum(results)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
