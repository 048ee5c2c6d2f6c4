#!/usr/bin/python3
"""End-to-end tests of the pg_preflight client against a live server.

Run by scripts/test with libpq's environment (PGHOST, PGPORT, PGUSER) naming
a superuser on a throwaway cluster. Each case runs the real binary and
checks its exit status and output. Prints one line per case and ends with
"N passed, N failed" over the cases; exits 1 when anything failed.
"""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLIENT = os.environ.get("PG_PREFLIGHT", os.path.join(ROOT, "build/cmake/client/pg_preflight"))
DB = "client_it"
SECRET = "s3cr3t-Pa55word-never-printed"

results = []


def run(args, env=None, stdin=None, db=DB):
    """Runs the client; returns (exit status, stdout, stderr)."""
    e = dict(os.environ)
    e["PGDATABASE"] = db
    e.pop("NO_COLOR", None)
    if env:
        e.update(env)
    p = subprocess.run([CLIENT] + args, env=e, input=stdin, capture_output=True, text=True,
                       timeout=120)
    return p.returncode, p.stdout, p.stderr


def psql(sql, db=DB):
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql],
                   check=True, capture_output=True)


def case(name, ok, detail=""):
    results.append(ok)
    print(("ok     " if ok else "FAILED ") + name + ("" if ok else ": " + detail))


def expect_status(name, args, status, **kw):
    code, out, err = run(args, **kw)
    case(name, code == status, f"exit {code}, want {status}; stderr: {err.strip()[:300]}")
    return code, out, err


SHOP_ROLES = ("sync_reader", "sync_writer", "analysts")


def teardown():
    """Removes what setup made, so that the test can run again on the same cluster."""
    for db in (DB, DB + "_noext", DB + "_src", DB + "_dst"):
        subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c",
                        f"DROP DATABASE IF EXISTS {db}"], capture_output=True)
    for role in SHOP_ROLES:
        subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c",
                        f"DROP ROLE IF EXISTS {role}"], capture_output=True)


def setup():
    teardown()
    psql(f"CREATE DATABASE {DB}", db="postgres")
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", DB, "-f",
                    os.path.join(ROOT, "scripts/demo_data/shop.sql")], check=True,
                   capture_output=True)
    psql("CREATE EXTENSION pg_preflight")
    subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c",
                    f"DROP DATABASE IF EXISTS {DB}_noext"], check=True, capture_output=True)
    psql(f"CREATE DATABASE {DB}_noext", db="postgres")


def rows_of(args, source):
    code, out, err = run(args + ["--format", "json", "--source", source])
    if code not in (0, 1):
        raise AssertionError(f"--source {source}: exit {code}: {err}")
    return code, json.loads(out)


JOB_FILE = """jobs:
  - name: shop-sync
    source:
      url_env: USER_DEFINED_IT_SRC
      role: {reader}
    destinations:
      - url_env: USER_DEFINED_IT_DST
        role: {writer}
        options: {{ truncate: true, on_conflict: nothing }}
    schemas: [sales, inventory]
  - name: other
    source: {{ url_env: USER_DEFINED_IT_SRC }}
    destinations: [ {{ url_env: USER_DEFINED_IT_DST }} ]
"""


def job_file(text, name):
    path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"pg_preflight_it_{os.getpid()}_{name}.yaml")
    with open(path, "w") as f:
        f.write(text)
    return path


def job_files():
    """--job-file: a source and a destination checked in one run."""
    url = (f"postgresql://{os.environ.get('PGUSER', 'postgres')}@/{DB}?"
           f"host={os.environ['PGHOST']}&port={os.environ.get('PGPORT', '5432')}")
    env = {"USER_DEFINED_IT_SRC": url, "USER_DEFINED_IT_DST": url}
    shop = job_file(JOB_FILE.format(reader="sync_reader", writer="sync_writer"), "shop")
    code, out, err = expect_status("job file: source and destination not ready: exit 1",
                                   ["--job-file", shop, "--job", "shop-sync"], 1, env=env)
    case("job file: a block per connection and the job's verdict",
         '== the source of job "shop-sync"' in out and
         '== destination 1 of job "shop-sync"' in out and
         "NOT READY  the job file's 2 connections" in out and "other" not in out, out[-400:])
    code, out, err = run(["--job-file", shop, "--job", "shop-sync", "--format", "json"], env=env)
    doc = json.loads(out)
    conns = doc["jobs"][0]["connections"]
    case("job file: one JSON document, a section per connection",
         code == 1 and doc["ready"] is False and [c["end"] for c in conns] ==
         ["source", "destination"] and all(len(c["report"]["rows"]) > 2 for c in conns)
         and conns[1]["report"]["options"]["truncate"] is True
         and conns[1]["report"]["options"]["on_conflict"] == "nothing", out[:300])
    code, out, err = run(["--job-file", shop, "--job", "shop-sync", "--fix"], env=env)
    case("job file: --fix prints one script per connection, each headed",
         code == 1 and out.count("-- pg_preflight: the fix script for ") == 2 and
         'GRANT USAGE ON SCHEMA "inventory" TO "sync_reader";' in out, out[:300])
    me = os.environ.get("PGUSER", "postgres")
    ready = job_file(JOB_FILE.format(reader=me, writer=me), "ready")
    expect_status("job file: every job ready: exit 0", ["--job-file", ready], 0, env=env)
    down = dict(env, USER_DEFINED_IT_DST="postgresql://someone@127.0.0.1:1/db?connect_timeout=3")
    code, out, err = expect_status("job file: an unreachable destination: exit 2",
                                   ["--job-file", ready, "--job", "other"], 2, env=down)
    case("... the source is still reported", '== the source of job "other"' in out and
         "failed  destination 1 of job" in out, out[-300:])
    fix_dir = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"pg_preflight_it_{os.getpid()}_fix")
    code, out, err = run(["--job-file", shop, "--job", "shop-sync", "--fix-dir", fix_dir], env=env)
    names = sorted(os.listdir(fix_dir)) if os.path.isdir(fix_dir) else []
    text = open(os.path.join(fix_dir, "shop-sync.source.sql")).read() if names else ""
    case("job file: --fix-dir writes a script per connection",
         code == 1 and names == ["shop-sync.destination-1.sql", "shop-sync.source.sql"] and
         'GRANT USAGE ON SCHEMA "inventory" TO "sync_reader";' in text, str(names) + out[:200])
    expect_status("job file: --fix-dir with --fix is refused",
                  ["--job-file", shop, "--fix-dir", fix_dir, "--fix"], 3, env=env)
    expect_status("--fix-dir without a job file is refused", ["--fix-dir", fix_dir], 3)
    expect_status("job file: an unknown job name is refused",
                  ["--job-file", shop, "--job", "nope"], 3, env=env)
    expect_status("job file: a connection flag beside it is refused",
                  ["--job-file", shop, "--host", "x"], 3, env=env)
    bad = {
        "unknown key": ("jobs:\n  - name: x\n    source:\n      url_env: USER_DEFINED_IT_SRC\n"
                        "      pasword: 1\n    destinations: []\n", "line 5, column 7"),
        "inline password": ("jobs:\n  - name: x\n    source: {url_env: USER_DEFINED_IT_SRC, "
                            "password: " + SECRET + "}\n    destinations: [{url_env: "
                            "USER_DEFINED_IT_DST}]\n", "line 3, column 44"),
        "option of the wrong type": ("jobs:\n  - name: x\n    source: {url_env: USER_DEFINED_IT_SRC}\n"
                                     "    destinations:\n      - url_env: USER_DEFINED_IT_DST\n"
                                     "        options: {truncate: yes}\n", "line 6, column 19"),
        "option of the other job": ("jobs:\n  - name: x\n    source:\n      url_env: "
                                    "USER_DEFINED_IT_SRC\n      options: {truncate: true}\n"
                                    "    destinations: [{url_env: USER_DEFINED_IT_DST}]\n",
                                    "line 5, column 17"),
        "no destinations": ("jobs:\n  - name: x\n    source: {url_env: USER_DEFINED_IT_SRC}\n",
                            "line 2, column 5"),
        "two jobs of one name": ("jobs:\n  - name: x\n    source: {url_env: USER_DEFINED_IT_SRC}\n"
                                 "    destinations: [{url_env: USER_DEFINED_IT_DST}]\n"
                                 "  - name: x\n    source: {url_env: USER_DEFINED_IT_SRC}\n"
                                 "    destinations: [{url_env: USER_DEFINED_IT_DST}]\n",
                                 "line 5, column 11"),
        "not YAML": ("jobs: [\n", "line 2"),
    }
    for what, (text, where) in bad.items():
        code, out, err = expect_status(f"job file: {what} is refused with its place",
                                       ["--job-file", job_file(text, "bad")], 3, env=env)
        case(f"... names {where}", where in err and SECRET not in out + err, err.strip()[:300])


COMPARE_SOURCE = '''
CREATE SCHEMA app; CREATE SCHEMA "Odd ""x"".y";
CREATE TYPE app.mood AS ENUM ('ok', 'it''s bad');
CREATE TABLE app.users (id serial PRIMARY KEY, name text NOT NULL, mood app.mood, tags app.mood[]);
CREATE TABLE app.orders (id bigint PRIMARY KEY, user_id integer, total numeric(10,2));
CREATE TABLE "Odd ""x"".y"."T ""1""" (a int);
'''
COMPARE_DESTINATION = """
CREATE SCHEMA app;
CREATE TABLE app.orders (id bigint PRIMARY KEY, total integer);
"""


def job_compare():
    """A destination lacking a schema, a table, a column and an enum type."""
    for db, sql in ((DB + "_src", COMPARE_SOURCE), (DB + "_dst", COMPARE_DESTINATION)):
        psql(f"CREATE DATABASE {db}", db="postgres")
        psql(sql, db=db)
    base = f"?host={os.environ['PGHOST']}&port={os.environ.get('PGPORT', '5432')}"
    me = os.environ.get("PGUSER", "postgres")
    env = {"USER_DEFINED_IT_SRC": f"postgresql://{me}@/{DB}_src{base}",
           "USER_DEFINED_IT_DST": f"postgresql://{me}@/{DB}_dst{base}"}
    path = job_file("jobs:\n  - name: cmp\n    source: {url_env: USER_DEFINED_IT_SRC}\n"
                    "    destinations: [{url_env: USER_DEFINED_IT_DST}]\n", "cmp")
    code, out, err = run(["--job-file", path, "--format", "json"], env=env)
    rows = json.loads(out)["jobs"][0]["connections"][1]["report"]["rows"]
    absent = sorted((r["object_type"], r["object_name"], r["column_name"]) for r in rows
                    if r["privilege"] == "EXISTS" and r["status"] == "missing")
    case("job file: the destination's absent schema, type, tables and column are missing",
         code == 1 and absent == [("column", "orders", "user_id"), ("schema", 'Odd "x".y', None),
                                  ("table", 'T "1"', None), ("table", "users", None),
                                  ("type", "mood", None)], json.dumps(absent))
    case("job file: a column whose type differs is a warning",
         any(r["privilege"] == "TYPE" and r["status"] == "warning" and r["column_name"] == "total"
             for r in rows), json.dumps(rows)[:300])
    code, fix, err = run(["--job-file", path, "--fix"], env=env)
    p = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", DB + "_dst"],
                       input=fix, capture_output=True, text=True)
    case("job file: the destination's fix script runs", p.returncode == 0, p.stderr[:300])
    expect_status("job file: after it the job is ready", ["--job-file", path], 0, env=env)
    p = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", DB + "_dst", "-c",
                        'INSERT INTO "app"."users" ("id", "name", "mood", "tags") '
                        "VALUES (1, 'a', 'it''s bad', '{ok}'); "
                        'INSERT INTO "Odd ""x"".y"."T ""1""" ("a") VALUES (1); '
                        'INSERT INTO "app"."orders" ("id", "user_id", "total") VALUES (1, 1, 2)'],
                       capture_output=True, text=True)
    case("job file: ... and the job's INSERTs succeed on the destination", p.returncode == 0,
         p.stderr[:300])


def job_init():
    """init_tables on a blank destination: what creating the source's tables needs."""
    psql(f"DROP DATABASE IF EXISTS {DB}_dst", db="postgres")
    psql(f"CREATE DATABASE {DB}_dst", db="postgres")
    psql("CREATE SCHEMA app; GRANT USAGE ON SCHEMA app TO sync_writer; "
         f"REVOKE CREATE ON DATABASE {DB}_dst FROM PUBLIC; "
         "REVOKE CREATE ON SCHEMA public FROM PUBLIC", db=DB + "_dst")
    base = f"?host={os.environ['PGHOST']}&port={os.environ.get('PGPORT', '5432')}"
    me = os.environ.get("PGUSER", "postgres")
    env = {"USER_DEFINED_IT_SRC": f"postgresql://{me}@/{DB}_src{base}",
           "USER_DEFINED_IT_DST": f"postgresql://{me}@/{DB}_dst{base}"}
    path = job_file("jobs:\n  - name: init\n    source: {url_env: USER_DEFINED_IT_SRC}\n"
                    "    destinations:\n      - url_env: USER_DEFINED_IT_DST\n"
                    "        role: sync_writer\n        options: {init_tables: true}\n", "init")
    code, out, err = run(["--job-file", path, "--format", "json"], env=env)
    rows = json.loads(out)["jobs"][0]["connections"][1]["report"]["rows"]
    missing = sorted((r["object_type"], r["object_name"], r["privilege"]) for r in rows
                     if r["status"] == "missing")
    case("job file, init_tables on a blank destination: CREATE on the database and the schema",
         code == 1 and missing == [("database", DB + "_dst", "CREATE"), ("schema", "app", "CREATE")]
         and not [r for r in rows if r["privilege"] == "EXISTS"], json.dumps(missing))
    code, fix, err = run(["--job-file", path, "--fix"], env=env)
    p = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", DB + "_dst"],
                       input=fix, capture_output=True, text=True)
    expect_status("... after the fix script the job is ready", ["--job-file", path], 0, env=env)
    # What init then runs, as the job's role: the schemas and tables get made.
    p = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", DB + "_dst", "-c",
                        "SET ROLE sync_writer; CREATE SCHEMA IF NOT EXISTS \"app\"; "
                        "CREATE SCHEMA IF NOT EXISTS \"Odd \"\"x\"\".y\"; "
                        "CREATE TABLE IF NOT EXISTS \"app\".\"orders\" (\"id\" bigint); "
                        "CREATE TABLE IF NOT EXISTS \"Odd \"\"x\"\".y\".\"T \"\"1\"\"\" (a int)"],
                       capture_output=True, text=True)
    case("... and init's CREATE SCHEMA and CREATE TABLE succeed as the role", p.returncode == 0,
         p.stderr[:300])


def neosync_config():
    """--neosync-config: Neosync's own sync file, the source from the command line."""
    base = f"?host={os.environ['PGHOST']}&port={os.environ.get('PGPORT', '5432')}"
    path = job_file("source:\n  connection-id: 3b5e2f4c\ndestination:\n"
                    f"  connection-url: \"postgresql://sync_writer:{SECRET}@/{DB}{base}\"\n"
                    "  driver: postgres\n  truncate-cascade: true\n"
                    "  on-conflict:\n    do-nothing: true\n", "neosync")
    code, out, err = run(["--neosync-config", path, "--role", "sync_reader", "--format", "json"])
    conns = json.loads(out)["jobs"][0]["connections"] if out else []
    opts = conns[1]["report"]["options"] if len(conns) == 2 and "report" in conns[1] else {}
    case("--neosync-config: the file's destination with the command line's source",
         code == 1 and [c["end"] for c in conns] == ["source", "destination"]
         and conns[0]["report"]["role"] == "sync_reader"
         and conns[1]["report"]["role"] == "sync_writer"
         and opts.get("truncate") is True and opts.get("truncate_cascade") is True
         and opts.get("on_conflict") == "nothing", out[:300] + err[:300])
    case("... the URL's password is never shown", SECRET not in out + err, "printed")
    expect_status("--neosync-config: a destination flag beside it is refused",
                  ["--neosync-config", path, "--truncate"], 3)
    bad = job_file("destination:\n  connection-url: x\n  driver: mysql\n", "neosync_bad")
    code, out, err = expect_status("--neosync-config: a driver other than postgres is refused",
                                   ["--neosync-config", bad], 3)
    case("... at its line and column", "line 3, column 11" in err, err[:300])


def main():
    setup()
    # Exit status 3: nothing attempted.
    expect_status("env var without USER_DEFINED_ prefix is refused",
                  ["--url-env", "HOME"], 3)
    expect_status("client cert without key is refused",
                  ["--client-cert", "/etc/hostname"], 3)
    expect_status("destination flag with the source job is refused",
                  ["--job", "source", "--truncate"], 3)
    expect_status("verify-full on a socket is refused",
                  ["--host", os.environ["PGHOST"], "--sslmode", "verify-full"], 3)
    expect_status("unknown job is refused", ["--job", "sideways"], 3)
    expect_status("unreadable root certificate is refused",
                  ["--sslmode", "verify-ca", "--root-cert", "/nonexistent/ca.crt",
                   "--host", "127.0.0.1"], 3)

    # Exit status 2: could not connect, or the server failed the check.
    code, out, err = expect_status(
        "nothing listening: exit 2",
        ["--url", f"postgresql://someone:{SECRET}@127.0.0.1:1/db?connect_timeout=3"], 2)
    case("a password in the URL never appears in output", SECRET not in out + err,
         "the password was printed")
    code, out, err = expect_status(
        "password from USER_DEFINED_ env never appears",
        ["--url-env", "USER_DEFINED_DB"], 2,
        env={"USER_DEFINED_DB": f"postgresql://someone:{SECRET}@127.0.0.1:1/db"})
    case("... and is not echoed", SECRET not in out + err, "the password was printed")
    expect_status("unknown role: exit 2", ["--role", "no_such_role"], 2)
    code, out, err = expect_status("unknown role, catalog path: exit 2",
                                   ["--role", "no_such_role", "--source", "catalog"], 2)
    case("... named as the check refusing the request, not a server failure",
         "the check refused the request: role \"no_such_role\" does not exist" in err
         and "server failed" not in err, err.strip()[:300])
    expect_status("extension required but absent: exit 2",
                  ["--source", "extension"], 2, db=DB + "_noext")

    # Exit statuses 1 and 0, text and JSON.
    code, out, err = expect_status("reader not ready: exit 1", ["--role", "sync_reader"], 1)
    case("text report names the missing grant",
         'GRANT USAGE ON SCHEMA "inventory" TO "sync_reader";' in out, out[-500:])
    expect_status("superuser ready: exit 0", ["--role", os.environ.get("PGUSER", "postgres")], 0)

    for role in ("sync_reader", "sync_writer", "analysts"):
        for job in (["--job", "source"], ["--job", "destination"],
                    ["--job", "destination", "--truncate", "--truncate-cascade",
                     "--on-conflict", "update", "--create-schemas", "--init-tables"],
                    ["--job", "source", "--read-sequences"],
                    ["--job", "destination", "--column-defaults", "generate",
                     "--on-conflict", "nothing", "--truncate"]):
            args = ["--role", role] + job
            c1, ext = rows_of(args, "extension")
            c2, cat = rows_of(args, "catalog")
            case(f"json: same rows with and without the extension ({role} {' '.join(job)})",
                 ext["rows"] == cat["rows"] and c1 == c2 and len(ext["rows"]) > 2,
                 f"{len(ext['rows'])} vs {len(cat['rows'])} rows")
    # The job model's options (JOBS.md): a DEFAULT runs nextval, a source
    # reads sequences only when asked.
    writer = ["--role", "sync_writer", "--job", "destination"]
    for source in ("extension", "catalog"):
        _, gen = rows_of(writer + ["--column-defaults", "generate"], source)
        _, copy = rows_of(writer, source)
        seq = [r for r in gen["rows"] if r["object_type"] == "sequence"
               and r["needed_for"] == "write"]
        case(f"--column-defaults generate needs USAGE on the serial's sequence ({source})",
             gen["options"].get("column_defaults") == "generate" and len(seq) == 1
             and seq[0]["status"] == "missing" and seq[0]["fix"] ==
             'GRANT USAGE ON SEQUENCE "sales"."orders_id_seq" TO "sync_writer";'
             and not [r for r in copy["rows"] if r["object_type"] == "sequence"
                      and r["needed_for"] == "write"], json.dumps(seq)[:300])
        _, plain = rows_of(["--role", "sync_reader"], source)
        _, seqs = rows_of(["--role", "sync_reader", "--read-sequences"], source)
        case(f"a source reads sequences only with --read-sequences ({source})",
             not [r for r in plain["rows"] if r["needed_for"] == "read sequences"]
             and [r for r in seqs["rows"] if r["needed_for"] == "read sequences"]
             and plain["options"].get("read_sequences") is False
             and seqs["options"].get("read_sequences") is True,
             json.dumps(plain["options"]))
    expect_status("--read-sequences with the destination job is refused",
                  ["--job", "destination", "--read-sequences"], 3)
    expect_status("an unknown --column-defaults is refused",
                  ["--job", "destination", "--column-defaults", "default"], 3)

    job_files()
    job_compare()
    job_init()
    neosync_config()

    code, doc = rows_of(["--role", "sync_writer", "--job", "destination"], "auto")
    needed = {"connection", "tls", "role", "rows", "verdict"}
    case("json has connection, tls, role, rows, verdict", needed <= set(doc), sorted(doc))
    statuses = {r["status"] for r in doc["rows"]}
    case("json rows carry statuses", statuses <= {"ok", "missing", "warning"} and
         "missing" in statuses, statuses)

    # The job's own role calls the extension (1.1 grants USAGE on its schema
    # to PUBLIC); after a DBA revokes that, the client reads the catalogs and
    # says why; an older installed SQL gets the exact ALTER EXTENSION.
    as_reader = {"PGUSER": "sync_reader"}
    code, out, err = run(["--job", "source"], env=as_reader)
    case("the job's own role is checked by the extension",
         code == 1 and "checked by  the pg_preflight extension" in out
         and "catalogs were read" not in out, f"exit {code}: {out[-600:]}{err[-300:]}")
    psql("REVOKE USAGE ON SCHEMA preflight FROM PUBLIC")
    code, out, err = run(["--job", "source"], env=as_reader)
    psql("GRANT USAGE ON SCHEMA preflight TO PUBLIC")
    case("... and, refused the extension's schema, by the catalogs, saying why",
         code == 1 and "may not call it" in out and "the catalogs were read instead" in out,
         f"exit {code}: {out[-600:]}")
    latest = subprocess.run(["psql", "-X", "-At", "-d", DB, "-c",
                             "SELECT default_version FROM pg_available_extensions "
                             "WHERE name = 'pg_preflight'"],
                            capture_output=True, text=True, check=True).stdout.strip()
    psql("DROP EXTENSION pg_preflight; CREATE EXTENSION pg_preflight VERSION '1.0'")
    code, out, err = run(["--job", "source", "--role", "sync_reader"])
    psql("ALTER EXTENSION pg_preflight UPDATE")
    case("an older installed SQL: the note gives the exact ALTER EXTENSION",
         latest != "1.0" and code == 1 and
         f"ALTER EXTENSION pg_preflight UPDATE TO '{latest}'" in out
         and "checked by  the pg_preflight extension" in out, f"exit {code}: {out[-600:]}")

    # --fix, run through psql as superuser, turns the role ready.
    for role, job in (("sync_reader", ["--job", "source"]),
                      ("sync_writer", ["--job", "destination", "--truncate",
                                       "--truncate-cascade"])):
        code, script, err = run(["--role", role, "--fix"] + job)
        p = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", DB],
                           input=script, capture_output=True, text=True)
        case(f"--fix script runs in psql ({role})", p.returncode == 0, p.stderr[:300])
        expect_status(f"after the fix {role} is ready: exit 0", ["--role", role] + job, 0)

    teardown()
    passed = sum(results)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
