#!/usr/bin/python3
"""--job-file with init_tables against a blank destination: what creating
and loading needs, known from the source, and Neosync's statements as the
job's roles after the fix scripts.

On the cluster of PGHOST/PGPORT (as scripts/test starts it, superuser
postgres, trust): a source database whose tables use an enum, a domain, a
serial column, an identity column, a foreign key, a trusted extension
(citext, a column type) and an untrusted one (dblink), in a schema whose
name needs quoting and in public; an empty destination database; a reader
and a writer role with nothing granted.

1. The check says not ready (exit 1) and names what init needs: CREATE on
   the database (CREATE SCHEMA IF NOT EXISTS, and the trusted extension),
   CREATE on public (PostgreSQL 15: PUBLIC has none), the untrusted
   extension (only a superuser creates it), SELECT for the reader; no
   EXISTS row for what init creates.
2. Before the fix, Neosync's init statements fail as the writer (the test
   can fail); the fix scripts (--fix-dir, one file per connection) run with
   psql as superuser; then the job is ready (exit 0) and every statement of
   JOBS.md for this job runs as the job's roles, twice (init's statements
   run on every run): the source's SELECTs, CREATE SCHEMA / EXTENSION IF NOT
   EXISTS, the DO blocks that create types, a sequence and constraints,
   CREATE TABLE IF NOT EXISTS, ALTER SEQUENCE ... OWNED BY, the one
   TRUNCATE ... RESTART IDENTITY, ALTER SEQUENCE ... RESTART, the INSERTs
   and the setval calls.
3. An extension version the destination's server lacks is named, and its
   fix makes the job's CREATE EXTENSION ... VERSION a no-op.

Prints one line per case and ends with "N passed, N failed".
"""

import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import case, ident, literal, summary  # noqa: E402
CLIENT = os.environ.get("PG_PREFLIGHT", os.path.join(ROOT, "build/cmake/client/pg_preflight"))

SRC, DST = "ji_src", "ji_dst"
READER, WRITER = "ji_reader", 'ji "wr".iter'
SCHEMA = 'ji sa"les.x'


def psql(sql, db="postgres", user="postgres", check=True):
    p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-U", user,
                        "-d", db], input=sql, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError(f"psql on {db} failed: {p.stderr}")
    return p


S = ident(SCHEMA)
SOURCE_SQL = f"""
CREATE EXTENSION citext;
CREATE EXTENSION dblink;
CREATE SCHEMA {S};
CREATE SCHEMA "util";
CREATE FUNCTION "util"."qty_ok"(integer) RETURNS boolean LANGUAGE sql IMMUTABLE
    AS 'SELECT $1 < 1000';
CREATE TYPE {S}."status" AS ENUM ('new', 'it''s paid');
CREATE DOMAIN {S}."posint" AS integer CHECK (VALUE > 0);
CREATE TABLE public."items" ("id" integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                             "name" public.citext NOT NULL);
CREATE TABLE {S}."orders" ("id" serial PRIMARY KEY, "status" {S}."status",
                           "qty" {S}."posint" CHECK ("util"."qty_ok"("qty")),
                           "item_id" integer REFERENCES public."items");
INSERT INTO public."items" ("name") VALUES ('a');
INSERT INTO {S}."orders" ("status", "qty", "item_id") VALUES ('new', 2, 1);
"""


def do_if_absent(test, statement):
    return f"DO $$ BEGIN IF NOT EXISTS ({test}) THEN {statement}; END IF; END $$;"


def type_absent(name):
    return ("SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = "
            f"t.typnamespace WHERE n.nspname = {literal(SCHEMA)} AND t.typname = {literal(name)}")


def constraint_absent(name):
    return f"SELECT 1 FROM pg_catalog.pg_constraint WHERE conname = {literal(name)}"


# The destination's statements of JOBS.md for this job (init_tables,
# truncate, reset_sequences), in Neosync's order, one per entry.
INIT = [
    f"CREATE SCHEMA IF NOT EXISTS {S};",
    'CREATE SCHEMA IF NOT EXISTS "public";',
    'CREATE SCHEMA IF NOT EXISTS "util";',
    'CREATE EXTENSION IF NOT EXISTS "citext" VERSION "1.6";',
    'CREATE EXTENSION IF NOT EXISTS "dblink" VERSION "1.2";',
    do_if_absent(type_absent("status"),
                 f"CREATE TYPE {S}.\"status\" AS ENUM ('new', 'it''s paid')"),
    do_if_absent(type_absent("posint"),
                 f'CREATE DOMAIN {S}."posint" AS integer CHECK (VALUE > 0)'),
    do_if_absent("SELECT 1 FROM pg_catalog.pg_proc WHERE proname = 'qty_ok'",
                 'CREATE FUNCTION "util"."qty_ok"(integer) RETURNS boolean LANGUAGE sql '
                 "IMMUTABLE AS 'SELECT $1 < 1000'"),
    do_if_absent(f"SELECT 1 FROM pg_catalog.pg_class WHERE relname = 'orders_id_seq'",
                 f'CREATE SEQUENCE {S}."orders_id_seq"'),
    'CREATE TABLE IF NOT EXISTS "public"."items" ("id" integer GENERATED ALWAYS AS IDENTITY, '
    '"name" public.citext NOT NULL);',
    f'CREATE TABLE IF NOT EXISTS {S}."orders" ("id" integer NOT NULL DEFAULT '
    f"nextval({literal(S + '.' + ident('orders_id_seq'))}::regclass), \"status\" {S}.\"status\", "
    f'"qty" {S}."posint", "item_id" integer);',
    do_if_absent(constraint_absent("items_pkey"),
                 'ALTER TABLE "public"."items" ADD CONSTRAINT "items_pkey" PRIMARY KEY ("id")'),
    do_if_absent(constraint_absent("orders_pkey"),
                 f'ALTER TABLE {S}."orders" ADD CONSTRAINT "orders_pkey" PRIMARY KEY ("id")'),
    do_if_absent(constraint_absent("orders_qty_check"),
                 f'ALTER TABLE {S}."orders" ADD CONSTRAINT "orders_qty_check" CHECK '
                 '("util"."qty_ok"("qty"))'),
    do_if_absent(constraint_absent("orders_item_id_fkey"),
                 f'ALTER TABLE {S}."orders" ADD CONSTRAINT "orders_item_id_fkey" FOREIGN KEY '
                 '("item_id") REFERENCES "public"."items" ("id")'),
    f'ALTER SEQUENCE {S}."orders_id_seq" OWNED BY {S}."orders"."id";',
]
LOAD = [
    f'TRUNCATE "public"."items", {S}."orders" RESTART IDENTITY;',
    f'ALTER SEQUENCE {S}."orders_id_seq" RESTART;',
    'INSERT INTO "public"."items" ("id", "name") OVERRIDING SYSTEM VALUE VALUES (1, \'a\');',
    f'INSERT INTO {S}."orders" ("id", "status", "qty", "item_id") VALUES (1, \'new\', 2, 1);',
    "SELECT setval(pg_get_serial_sequence('\"public\".\"items\"', 'id'), "
    'COALESCE((SELECT MAX("id") FROM "public"."items"), 1));',
    f"SELECT setval(pg_get_serial_sequence({literal(S + '.' + ident('orders'))}, 'id'), "
    f'COALESCE((SELECT MAX("id") FROM {S}."orders"), 1));',
]
READS = [
    'SELECT "t"."id", "t"."name" FROM "public"."items" AS "t" ORDER BY "t"."id" ASC LIMIT 100000;',
    f'SELECT "t"."id", "t"."status", "t"."qty", "t"."item_id" FROM {S}."orders" AS "t" '
    'ORDER BY "t"."id" ASC LIMIT 100000;',
]


def run_as(role, db, statements):
    """Each statement in its own session as the role: the first failure."""
    for sql in statements:
        p = psql(sql, db=db, user=role, check=False)
        if p.returncode != 0:
            return f"{sql[:120]} -> {p.stderr.strip()[:300]}"
    return None


def fails_as(role, db, statements):
    """The statements in one transaction as the role, rolled back (what a
    failed run leaves would change the next check): the error, or None."""
    p = psql("BEGIN;\n" + "\n".join(statements) + "\nROLLBACK;\n", db=db, user=role,
             check=False)
    return p.stderr.strip()[:300] if p.returncode != 0 else None


def job_file(tmp, extra_options=""):
    host, port = os.environ.get("PGHOST", "/tmp"), os.environ.get("PGPORT", "5432")
    text = f"""jobs:
  - name: blank
    source:
      host: {json.dumps(host)}
      port: {port}
      dbname: {SRC}
      username: {READER}
    destinations:
      - host: {json.dumps(host)}
        port: {port}
        dbname: {DST}
        username: {json.dumps(WRITER)}
        options: {{ init_tables: true, truncate: true{extra_options} }}
"""
    path = os.path.join(tmp, "job.yaml")
    with open(path, "w") as f:
        f.write(text)
    return path


def check(path, *args):
    e = {k: v for k, v in os.environ.items() if k not in ("PGUSER", "PGDATABASE")}
    p = subprocess.run([CLIENT, "--job-file", path, *args], env=e, capture_output=True,
                       text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def rows_of(doc, i):
    return doc["jobs"][0]["connections"][i].get("report", {}).get("rows", [])


def missing(rows):
    return sorted((r["object_type"], r["object_name"], r["privilege"]) for r in rows
                  if r["status"] == "missing")


def reset():
    for db in (SRC, DST):
        psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
    psql(f"DROP ROLE IF EXISTS {READER}; DROP ROLE IF EXISTS {ident(WRITER)}")


def main():
    tmp = tempfile.mkdtemp(prefix="pg_preflight_jobinit.")
    os.chmod(tmp, 0o755)
    reset()
    psql(f"CREATE ROLE {READER} LOGIN; CREATE ROLE {ident(WRITER)} LOGIN;"
         f"CREATE DATABASE {SRC}; CREATE DATABASE {DST};")
    psql(SOURCE_SQL, db=SRC)
    try:
        blank(tmp)
        version(tmp)
        partial(tmp)
    finally:
        reset()
    return summary()


def blank(tmp):
    path = job_file(tmp)
    code, out, err = check(path, "--format", "json")
    try:
        doc = json.loads(out)
    except ValueError:
        case("blank: the JSON document parses", False, out[:300] + err[:300])
        return
    conns = doc["jobs"][0]["connections"]
    case("blank: not ready, exit 1: the source and the destination both lack grants",
         code == 1 and [c["status"] for c in conns] == ["not ready", "not ready"],
         f"exit {code}: {err[:300]}")
    dest = rows_of(doc, 1)
    got = missing(dest)
    want = [("database", DST, "CREATE"), ("extension", "dblink", "SUPERUSER"),
            ("schema", "public", "CREATE")]
    case("blank: the destination misses exactly CREATE on the database and on public, and the "
         "untrusted extension", got == want, got)
    case("blank: nothing is EXISTS-missing: init creates the tables, types and schema",
         not [r for r in dest if r["privilege"] == "EXISTS"], got)
    ext = [r for r in dest if r["object_type"] == "extension"]
    case("blank: the extension row says the job survives it and what it leaves behind",
         ext and "Neosync records this and goes on" in ext[0]["detail"], ext)
    case("blank: the trusted extension and the installed plpgsql need no row of their own",
         not [r for r in dest if r["object_name"] in ("citext", "plpgsql") and
              r["status"] != "ok"], dest)
    src = missing(rows_of(doc, 0))
    case("blank: the source misses USAGE on the schema and SELECT on both tables",
         ("schema", SCHEMA, "USAGE") in src and ("table", "items", "SELECT") in src and
         ("table", "orders", "SELECT") in src, src)

    failure = fails_as(WRITER, DST, INIT)
    case("blank: before the fix, init fails as the writer", failure is not None, failure)

    fixdir = os.path.join(tmp, "fix")
    code, out, err = check(path, "--fix-dir", fixdir)
    files = sorted(os.listdir(fixdir)) if os.path.isdir(fixdir) else []
    case("blank: --fix-dir writes a script per connection", code == 1 and len(files) == 2,
         f"exit {code}: {files} {err[:300]}")
    for name in files:
        with open(os.path.join(fixdir, name)) as f:
            script = f.read()
        db = DST if "destination" in name else SRC
        p = psql(script, db=db, check=False)
        case(f"blank: {name} runs with psql as superuser", p.returncode == 0, p.stderr[:400])

    code, out, err = check(path)
    case("blank: after the fix scripts the job is ready: exit 0", code == 0,
         f"exit {code}: {out[-800:]}")
    for attempt in ("first", "second"):
        failure = run_as(READER, SRC, READS)
        case(f"blank: {attempt} run: the source's SELECTs succeed as the reader",
             failure is None, failure)
        failure = run_as(WRITER, DST, INIT + LOAD)
        case(f"blank: {attempt} run: every init and load statement succeeds as the writer "
             f"({len(INIT) + len(LOAD)} statements)", failure is None, failure)
    p = psql(f'SELECT count(*) FROM {S}."orders" o JOIN public."items" i ON i.id = o.item_id',
             db=DST, check=False)
    case("blank: the rows are loaded", p.stdout.strip() == "1", p.stdout)


def version(tmp):
    # The destination's citext is gone and the source claims a version no
    # server has: CREATE EXTENSION ... VERSION fails; the fix installs
    # what the server has, so the job's statement does nothing.
    psql('DROP TABLE public."items" CASCADE; DROP EXTENSION citext CASCADE', db=DST)
    psql("UPDATE pg_catalog.pg_extension SET extversion = '9.9' WHERE extname = 'citext'",
         db=SRC)
    path = job_file(tmp)
    code, out, err = check(path, "--format", "json")
    dest = rows_of(json.loads(out), 1) if out.startswith("{") else []
    row = [r for r in dest if r["object_name"] == "citext" and r["status"] == "missing"]
    case("version: a version the destination lacks is missing, with a fix",
         code == 1 and row and row[0]["privilege"] == "VERSION" and
         row[0]["fix"] == 'CREATE EXTENSION IF NOT EXISTS "citext";', row or err[:300])
    if not row:
        return
    failure = fails_as(WRITER, DST, ['CREATE EXTENSION IF NOT EXISTS "citext" VERSION "9.9";'])
    case("version: before the fix the job's CREATE EXTENSION fails", failure is not None)
    psql(row[0]["fix"], db=DST)
    failure = run_as(WRITER, DST, ['CREATE EXTENSION IF NOT EXISTS "citext" VERSION "9.9";'])
    case("version: after it the statement is a no-op", failure is None, failure)
    code, out, err = check(path)
    case("version: and the job is ready again", code == 0, f"exit {code}: {out[-500:]}")


def partial(tmp):
    # A destination that has the referenced table and the CHECK's function,
    # neither the role's: init's FOREIGN KEY needs REFERENCES on items.id,
    # and the CHECK (when added, and on every INSERT) EXECUTE on the function.
    psql(f"DROP DATABASE {DST} WITH (FORCE)")
    psql(f"DROP OWNED BY {ident(WRITER)}; CREATE DATABASE {DST}")
    psql(f"""CREATE EXTENSION citext; CREATE EXTENSION dblink;
GRANT CREATE ON DATABASE {DST} TO {ident(WRITER)};
GRANT CREATE ON SCHEMA public TO {ident(WRITER)};
CREATE TABLE public."items" ("id" integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                             "name" public.citext NOT NULL);
CREATE SCHEMA "util";
CREATE FUNCTION "util"."qty_ok"(integer) RETURNS boolean LANGUAGE sql IMMUTABLE
    AS 'SELECT $1 < 1000';
REVOKE EXECUTE ON FUNCTION "util"."qty_ok"(integer) FROM PUBLIC;
GRANT USAGE ON SCHEMA "util" TO {ident(WRITER)};""", db=DST)
    # The source's citext is at its real version again.
    psql("ALTER EXTENSION citext UPDATE", db=SRC, check=False)
    psql("UPDATE pg_catalog.pg_extension SET extversion = '1.6' WHERE extname = 'citext'",
         db=SRC)
    path = job_file(tmp)
    code, out, err = check(path, "--format", "json")
    dest = rows_of(json.loads(out), 1) if out.startswith("{") else []
    got = [(r["object_type"], r["object_name"], r.get("column_name"), r["privilege"])
           for r in dest if r["status"] == "missing" and r["needed_for"] == "create tables"]
    case("partial: init's foreign key needs REFERENCES on the destination's items.id, its CHECK "
         "EXECUTE on the destination's function",
         sorted(got) == [("column", "items", "id", "REFERENCES"),
                         ("function", "qty_ok(integer)", None, "EXECUTE")], got or err[:300])
    failure = fails_as(WRITER, DST, INIT)
    case("partial: before the fix, init fails as the writer", failure is not None, failure)
    fixdir = os.path.join(tmp, "fix2")
    check(path, "--fix-dir", fixdir)
    for name in sorted(os.listdir(fixdir)):
        with open(os.path.join(fixdir, name)) as f:
            script = f.read()
            if os.environ.get("JOBINIT_SHOW_FIX"):
                print(script)
            p = psql(script, db=DST if "destination" in name else SRC, check=False)
        case(f"partial: {name} runs with psql as superuser", p.returncode == 0, p.stderr[:400])
    code, out, err = check(path)
    case("partial: after the fix scripts the job is ready: exit 0", code == 0,
         f"exit {code}: {out[-800:]}")
    failure = run_as(WRITER, DST, INIT + LOAD)
    case(f"partial: every init and load statement succeeds as the writer", failure is None,
         failure)


if __name__ == "__main__":
    sys.exit(main())
