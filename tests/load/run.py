#!/usr/bin/python3
"""Load: 32 sessions running checks at once while DDL churns (issue 6).

Run by scripts/test with libpq's environment (PGHOST, PGPORT, PGUSER) naming a
superuser on the throwaway cluster. In a database of its own it builds a
realistic fixture (6 schemas of 50 tables with serial keys, foreign keys, RLS,
column grants; roles with nested membership and pg_read_all_data), then runs
pgbench over TCP to 127.0.0.1 as a non-superuser: 32 clients, 2 threads, 20 s,
tests/load/bench.sql (every kind of check, role and schemas drawn at random).
Meanwhile a second session creates, grants, alters and drops tables, policies,
schemas and memberships in a loop. Asserts pgbench exits 0 with zero failed
transactions, the DDL loop ran without errors, and the server log of the
period has no ERROR, FATAL, PANIC or crash lines. Prints throughput.
Ends with "N passed, N failed".
"""

import os
import re
import subprocess
import sys
import threading
import time

import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
DB = "load_checks"
BENCH_ROLE = "load_bench"
ROLES = ("load_reader", "load_writer", "load_all", "load_none", "load_owner", "load_mid",
         "load_base", BENCH_ROLE)
SCHEMAS = 6
TABLES = 50
CLIENTS, THREADS, SECONDS = 32, 2, 20
BAD_LOG = re.compile(r"\b(ERROR|FATAL|PANIC):|TRAP|terminated by signal|leak", re.I)

results = []


def case(name, ok, detail=""):
    results.append(ok)
    print(("ok     " if ok else "FAILED ") + name + (": " + detail if detail else ""), flush=True)


def connect(db=DB):
    c = psycopg2.connect(dbname=db)
    c.autocommit = True
    return c


def fixture_sql():
    out = [
        "CREATE ROLE load_base NOLOGIN",
        "CREATE ROLE load_mid NOLOGIN IN ROLE load_base",
        "CREATE ROLE load_reader LOGIN IN ROLE load_mid",
        "CREATE ROLE load_writer LOGIN",
        "CREATE ROLE load_all LOGIN IN ROLE pg_read_all_data",
        "CREATE ROLE load_none LOGIN",
        "CREATE ROLE load_owner LOGIN",
        f"CREATE ROLE {BENCH_ROLE} LOGIN",
        "CREATE EXTENSION pg_preflight",
        f"GRANT USAGE ON SCHEMA preflight TO {BENCH_ROLE}",
    ]
    for s in range(1, SCHEMAS + 1):
        sch = f"app_{s}"
        owner = " AUTHORIZATION load_owner" if s == SCHEMAS else ""
        out.append(f"CREATE SCHEMA {sch}{owner}")
        if s % 2:
            out.append(f"GRANT USAGE ON SCHEMA {sch} TO load_base")
        if s % 3:
            out.append(f"GRANT USAGE, CREATE ON SCHEMA {sch} TO load_writer")
        for t in range(1, TABLES + 1):
            tab = f"{sch}.t_{t}"
            ref = f", parent_id int REFERENCES {sch}.t_{t - 1} (id)" if t > 1 and t % 4 == 0 else ""
            out.append(f"CREATE TABLE {tab} (id serial PRIMARY KEY, code text UNIQUE, "
                       f"amount numeric DEFAULT 0, note text{ref})")
            if t % 10 == 0:
                out.append(f"ALTER TABLE {tab} ENABLE ROW LEVEL SECURITY")
                out.append(f"CREATE POLICY p_{t} ON {tab} FOR SELECT TO load_base USING (amount >= 0)")
            if t % 7 == 0:
                out.append(f"GRANT SELECT (id, code), UPDATE (note) ON {tab} TO load_writer")
            elif t % 3 == 0:
                out.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {tab} TO load_writer")
                out.append(f"GRANT USAGE ON SEQUENCE {sch}.t_{t}_id_seq TO load_writer")
            if s % 2:
                out.append(f"GRANT SELECT ON {tab} TO load_base")
            if s == SCHEMAS:
                out.append(f"ALTER TABLE {tab} OWNER TO load_owner")
    out.append("ANALYZE")
    return out


def drop_all():
    c = connect("postgres")
    c.cursor().execute(f"DROP DATABASE IF EXISTS {DB}")
    for r in ROLES:
        c.cursor().execute(f"DROP ROLE IF EXISTS {r}")
    c.close()


def churn(stop, stats):
    """DDL from a second session while the checks run: each step one statement."""
    c = connect()
    cur = c.cursor()
    i = 0
    while not stop.is_set():
        i += 1
        s = i % SCHEMAS + 1
        t = f"app_{s}.churn_{i}"
        steps = [
            f"CREATE TABLE {t} (id serial PRIMARY KEY, ref int REFERENCES app_{s}.t_1 (id), v text)",
            f"GRANT SELECT, INSERT ON {t} TO load_writer",
            f"GRANT UPDATE (v) ON {t} TO load_reader",
            f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY churn ON {t} USING (v IS NOT NULL)",
            f"REVOKE SELECT ON app_{s}.t_2 FROM load_base",
            f"GRANT SELECT ON app_{s}.t_2 TO load_base",
            f"CREATE SCHEMA churn_s_{i}",
            f"CREATE TABLE churn_s_{i}.x (id int)",
            "REVOKE load_mid FROM load_reader",
            "GRANT load_mid TO load_reader",
            f"DROP TABLE {t}",
            f"DROP SCHEMA churn_s_{i} CASCADE",
        ]
        for sql in steps:
            try:
                cur.execute(sql)
                stats["ok"] += 1
            except psycopg2.Error as e:
                stats["errors"].append(f"{sql}: {str(e).strip()}")
    c.close()


def pgbench_numbers(out):
    def grab(pattern, cast=float):
        m = re.search(pattern, out)
        return cast(m.group(1)) if m else None
    return {
        "transactions": grab(r"number of transactions actually processed: (\d+)", int),
        "failed": grab(r"number of failed transactions: (\d+)", int),
        "tps": grab(r"tps = ([\d.]+)"),
        "latency": grab(r"latency average = ([\d.]+) ms"),
    }


def main():
    log = os.path.join(os.environ.get("PGHOST", ""), "server.log")
    drop_all()
    admin = connect("postgres")
    cur = admin.cursor()
    cur.execute("SHOW max_connections")
    max_conn = int(cur.fetchone()[0])
    case(f"max_connections {max_conn} allows {CLIENTS} clients + the DDL session",
         max_conn >= CLIENTS + 5)
    cur.execute(f"CREATE DATABASE {DB}")
    admin.close()

    start = time.monotonic()
    c = connect()
    for sql in fixture_sql():
        c.cursor().execute(sql)
    cur = c.cursor()
    cur.execute("SELECT count(*) FILTER (WHERE c.relkind = 'r'),"
                " count(*) FILTER (WHERE c.relkind = 'S'),"
                " count(*) FILTER (WHERE c.relrowsecurity)"
                " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname LIKE 'app\\_%'")
    tables, seqs, rls = cur.fetchone()
    cur.execute("SELECT count(*) FROM pg_catalog.pg_constraint WHERE contype = 'f'")
    fks = cur.fetchone()[0]
    print(f"fixture: {SCHEMAS} schemas, {tables} tables, {seqs} sequences, {fks} foreign keys, "
          f"{rls} with RLS, roles {', '.join(ROLES)} (load_reader -> load_mid -> load_base, "
          f"load_all in pg_read_all_data), built in {time.monotonic() - start:.1f} s")
    # The bench role itself can run a check: what pgbench will do, once.
    cur.execute(f"SET ROLE {BENCH_ROLE}")
    cur.execute("SELECT count(*) FROM preflight.check('source', 'load_reader')")
    rows = cur.fetchone()[0]
    cur.execute("RESET ROLE")
    case(f"{BENCH_ROLE} (not a superuser) runs check('source', 'load_reader'): {rows} rows",
         rows > tables)
    c.close()

    log_start = os.path.getsize(log) if os.path.isfile(log) else 0
    stop = threading.Event()
    stats = {"ok": 0, "errors": []}
    ddl = threading.Thread(target=churn, args=(stop, stats))
    ddl.start()
    cmd = ["pgbench", "-n", "-c", str(CLIENTS), "-j", str(THREADS), "-T", str(SECONDS),
           "-f", os.path.join(HERE, "bench.sql"), "-h", "127.0.0.1", "-p",
           os.environ.get("PGPORT", "5432"), "-U", BENCH_ROLE, DB]
    print("running: " + " ".join(cmd), flush=True)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=SECONDS + 60)
    stop.set()
    ddl.join()
    print(p.stdout.strip())
    if p.stderr.strip():
        print("pgbench stderr:\n" + "\n".join(p.stderr.strip().splitlines()[:20]))
    n = pgbench_numbers(p.stdout)
    case(f"pgbench exit status {p.returncode}", p.returncode == 0)
    case(f"pgbench: {n['transactions']} transactions of 7 checks, {n['failed']} failed",
         bool(n["transactions"]) and n["failed"] == 0)
    print(f"throughput: {n['tps']} tps ({(n['tps'] or 0) * 7:.0f} checks/s), latency average "
          f"{n['latency']} ms, {CLIENTS} clients")
    print(f"DDL alongside: {stats['ok']} statements, {len(stats['errors'])} errors")
    for e in stats["errors"][:10]:
        print("  " + e)
    case(f"DDL loop: {stats['ok']} statements without errors", stats["ok"] > 0 and not stats["errors"])
    if os.path.isfile(log):
        with open(log, errors="replace") as f:
            f.seek(log_start)
            lines = f.read().splitlines()
        bad = [ln for ln in lines if BAD_LOG.search(ln)]
        for ln in bad[:20]:
            print("  " + ln)
        case(f"server log during the load: {len(lines)} lines, {len(bad)} ERROR/FATAL/crash/leak",
             not bad)
    else:
        case("server log found under PGHOST", False, log)
    drop_all()
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
