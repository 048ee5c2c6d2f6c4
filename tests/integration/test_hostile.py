#!/usr/bin/python3
"""The client against hostile names and a search_path attack.

Names hold quotes, backslashes, dots, line breaks, tabs, ANSI escape
sequences, BEL, C1 controls, zero-width and direction-override characters,
combining marks, and 63-byte multibyte names. The text report must carry no
raw control character, the JSON must round-trip every name exactly, and the
--fix script piped to psql must make the role ready. Then an attacker's
functions and operators first on search_path must change nothing and never
run. Both answer sources (extension and catalog) are tried.

Run by scripts/test with PGHOST/PGPORT/PGUSER naming a superuser. Prints one
line per case and ends with "N passed, N failed".
"""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLIENT = os.environ.get("PG_PREFLIGHT", os.path.join(ROOT, "build/cmake/client/pg_preflight"))
DB = "hostile_it"

ROLE = 'hc "q" \'a\' \\b.c\nx\x1b[0m'
SCHEMA = "hc\x1b[31mred\x07\nline\ttab.dot"
TABLE = "t\u202eevil\u200b\u2066gnp.exe\r"
COLUMN = "e\u0301 \"col\" \\\ufeff"
COLUMN63 = "é" * 31 + "x"
TABLE63 = "ü" * 31 + "y"
SEQUENCE = "s.q\"'\u009b2J\uffff"
FUNCTION = "f\x1b]0;title\x07()"
NAMES = {"role": ROLE, "schema": SCHEMA, "table": TABLE, "column": COLUMN,
         "63-byte column": COLUMN63, "63-byte table": TABLE63, "sequence": SEQUENCE,
         "function": FUNCTION}

# Control characters a terminal acts on, and the Unicode direction controls
# that make text read other than it is. Zero-width and combining characters
# are printed: they cannot move the cursor or reorder a line.
def unsafe_chars(text):
    bad = []
    for ch in text:
        cp = ord(ch)
        if (cp < 0x20 and ch != "\n") or 0x7F <= cp <= 0x9F or cp in (0x061C, 0x200E, 0x200F) \
                or 0x202A <= cp <= 0x202E or 0x2066 <= cp <= 0x2069:
            bad.append(f"U+{cp:04X}")
    return sorted(set(bad))


results = []


def case(name, ok, detail=""):
    results.append(ok)
    print(("ok     " if ok else "FAILED ") + name + ("" if ok else ": " + str(detail)[:400]))


def ident(name):
    return '"' + name.replace('"', '""') + '"'


def literal(text):
    return "'" + text.replace("'", "''") + "'"


def psql(sql, db=DB, check=True, env=None):
    e = dict(os.environ)
    if env:
        e.update(env)
    p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", db],
                       input=sql, capture_output=True, text=True, env=e)
    if check and p.returncode != 0:
        raise RuntimeError(f"psql failed: {p.stderr}")
    return p


def run(args, env=None):
    e = dict(os.environ)
    e["PGDATABASE"] = DB
    e.pop("NO_COLOR", None)
    if env:
        e.update(env)
    p = subprocess.run([CLIENT] + args, env=e, capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def teardown():
    psql(f"DROP DATABASE IF EXISTS {DB}", db="postgres", check=False)
    psql(f"DROP ROLE IF EXISTS {ident(ROLE)}; DROP ROLE IF EXISTS hc_owner; "
         "DROP ROLE IF EXISTS hc_attacker", db="postgres", check=False)


def setup():
    teardown()
    psql(f"CREATE DATABASE {DB}", db="postgres")
    s = ident(SCHEMA)
    psql(f"""
CREATE EXTENSION pg_preflight;
CREATE ROLE {ident(ROLE)} LOGIN;
CREATE ROLE hc_owner NOLOGIN;
CREATE SCHEMA {s} AUTHORIZATION hc_owner;
SET ROLE hc_owner;
CREATE SEQUENCE {s}.{ident(SEQUENCE)};
CREATE FUNCTION {s}.{ident(FUNCTION)}(int) RETURNS int LANGUAGE sql STABLE AS 'SELECT $1';
REVOKE EXECUTE ON FUNCTION {s}.{ident(FUNCTION)}(int) FROM PUBLIC;
CREATE TABLE {s}.{ident(TABLE)} (
    id bigserial PRIMARY KEY,
    {ident(COLUMN)} text,
    {ident(COLUMN63)} bigint DEFAULT pg_catalog.nextval({literal(s + '.' + ident(SEQUENCE))}::regclass)
        CHECK ({s}.{ident(FUNCTION)}({ident(COLUMN63)}::int) IS NOT NULL));
CREATE TABLE {s}.{ident(TABLE63)} ({ident(COLUMN63)} serial, {ident(COLUMN)} text);
GRANT SELECT ({ident(COLUMN)}) ON {s}.{ident(TABLE)} TO {ident(ROLE)};
RESET ROLE;
""")


DEST = ["--role", ROLE, "--schema", SCHEMA, "--job", "destination", "--truncate"]


def names_in(doc):
    """Every string value of the JSON document."""
    out = set()

    def walk(v):
        if isinstance(v, str):
            out.add(v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    walk(doc)
    return out


def hostile_names(source):
    code, out, err = run(DEST + ["--source", source])
    case(f"{source}: text report of hostile names: exit 1 (not ready)", code == 1,
         f"exit {code}: {err}")
    bad = unsafe_chars(out + err)
    case(f"{source}: text report carries no raw control or direction character "
         f"({len(out)} chars)", not bad, bad)
    case(f"{source}: text report names the schema, table and role (printable parts)",
         "line" in out and "evil" in out and "hc" in out and "ü" * 31 in out, out[-400:])

    code, out, err = run(DEST + ["--source", source, "--format", "json"])
    try:
        doc = json.loads(out)
    except ValueError as e:
        case(f"{source}: --format json parses", False, e)
        return None
    case(f"{source}: --format json parses ({len(doc.get('rows', []))} rows)", code == 1,
         f"exit {code}: {err}")
    strings = names_in(doc)
    # The source job reads every column: its rows name them all.
    code, src, err = run(["--role", ROLE, "--schema", SCHEMA, "--source", source,
                          "--format", "json"])
    strings |= names_in(json.loads(src))
    for what, name in NAMES.items():
        if what == "role":
            found = name in strings
        elif what == "function":
            found = any(s.startswith(name) for s in strings)
        else:
            found = name in strings
        case(f"{source}: json carries the {what} name exactly", found,
             ascii(name))
    case(f"{source}: json re-encodes to the same document",
         json.loads(json.dumps(doc, ensure_ascii=False)) == doc)
    return doc


def fix_and_recheck():
    code, script, err = run(DEST + ["--fix"])
    bad = unsafe_chars(script)
    case(f"--fix script carries no raw control character ({script.count(';')} statements)",
         not bad, bad)
    p = psql(script, check=False)
    case("--fix script runs in psql as superuser", p.returncode == 0, p.stderr)
    code, out, err = run(DEST)
    case("after the fix the role is ready: exit 0", code == 0, f"exit {code}: {out[-400:]}")
    code, out, err = run(["--role", ROLE, "--schema", SCHEMA, "--job", "source"])
    case("... and for the source job: exit 0", code == 0, f"exit {code}: {out[-400:]}")
    # The job's own statements, as the role.
    s = ident(SCHEMA)
    p = psql(f"""
BEGIN;
SET ROLE {ident(ROLE)};
TRUNCATE {s}.{ident(TABLE)}, {s}.{ident(TABLE63)} RESTART IDENTITY;
INSERT INTO {s}.{ident(TABLE)} (id, {ident(COLUMN)}, {ident(COLUMN63)}) OVERRIDING SYSTEM VALUE VALUES (1, 'a', 7);
INSERT INTO {s}.{ident(TABLE63)} ({ident(COLUMN63)}, {ident(COLUMN)}) VALUES (5, 'c');
SELECT {ident(COLUMN)} FROM {s}.{ident(TABLE)};
ROLLBACK;
""", check=False)
    case("the job's statements run as the role", p.returncode == 0, p.stderr)


ATTACK_FUNCTIONS = [
    ("has_table_privilege", "name, text, text", "boolean", "true"),
    ("has_schema_privilege", "name, text, text", "boolean", "true"),
    ("pg_has_role", "name, name, text", "boolean", "true"),
    ("array_length", "anyarray, integer", "integer", "0"),
    ("quote_ident", "text", "text", "'x'::text"),
    ("format_type", "oid, integer", "text", "'x'::text"),
    ("current_setting", "text", "text", "'x'::text"),
    ("set_config", "text, text, boolean", "text", "'x'::text"),
    ("version", "", "text", "'x'::text"),
    ("pg_get_expr", "pg_node_tree, oid", "text", "'x'::text"),
    ("lower", "text", "text", "'x'::text"),
    ("jsonb_build_object", "text, boolean", "jsonb", "'{}'::jsonb"),
    ("to_regrole", "text", "regrole", "NULL::regrole"),
    ("nameeq", "name, name", "boolean", "true"),
]


def search_path_attack(baseline):
    sql = ["CREATE ROLE hc_attacker LOGIN;",
           "CREATE SCHEMA hc_evil AUTHORIZATION hc_attacker;",
           "GRANT USAGE ON SCHEMA hc_evil TO PUBLIC;",
           "GRANT CREATE ON SCHEMA public TO hc_attacker;",
           "SET ROLE hc_attacker;",
           "CREATE TABLE hc_evil.calls (fn text);",
           "GRANT INSERT ON hc_evil.calls TO PUBLIC;"]
    for schema in ("hc_evil", "public"):
        for name, args, ret, val in ATTACK_FUNCTIONS:
            body = f"INSERT INTO hc_evil.calls VALUES ({literal(name)}); SELECT {val}"
            sql.append(f"CREATE FUNCTION {schema}.{name}({args}) RETURNS {ret} "
                       f"LANGUAGE sql AS {literal(body)};")
    for t in ("name", "oid", "text", "regclass"):
        sql.append(f"CREATE FUNCTION hc_evil.eq_{t}({t}, {t}) RETURNS boolean LANGUAGE sql AS "
                   f"$$ INSERT INTO hc_evil.calls VALUES ('= {t}'); SELECT true $$;")
        sql.append(f"CREATE OPERATOR hc_evil.= (LEFTARG = {t}, RIGHTARG = {t}, "
                   f"FUNCTION = hc_evil.eq_{t});")
    sql.append("RESET ROLE;")
    psql("\n".join(sql))
    attacked = {"PGOPTIONS": "-c search_path=hc_evil,public,pg_catalog"}
    p = psql("SELECT pg_catalog.count(*) FROM hc_evil.calls; "
             "SELECT has_table_privilege('nobody_at_all', 'pg_class', 'SELECT');",
             env=attacked, check=False)
    case("self-test: unqualified SQL under this search_path runs the attacker's code",
         p.returncode == 0 and p.stdout.split() == ["0", "t"], p.stdout + p.stderr)
    psql("TRUNCATE hc_evil.calls")
    tried = 0
    for source in ("extension", "catalog"):
        for args in (DEST, ["--role", ROLE, "--schema", SCHEMA, "--job", "source"],
                     ["--schema", SCHEMA, "--schema", "public"]):
            code, out, err = run(args + ["--source", source, "--format", "json"], env=attacked)
            tried += 1
            try:
                rows = json.loads(out)["rows"]
            except (ValueError, KeyError):
                case(f"{source}: json under attack parses", False, err)
                continue
            if args is DEST and baseline.get(source) is not None:
                case(f"{source}: same rows under attack as without ({len(rows)} rows)",
                     rows == baseline[source]["rows"], "rows differ")
        code, out, err = run(DEST + ["--source", source, "--fix"], env=attacked)
        tried += 1
    p = psql("SELECT pg_catalog.string_agg(fn, ',') FROM hc_evil.calls", check=False)
    calls = p.stdout.strip()
    case(f"no attacker function or operator ran ({tried} client runs, "
         f"{len(ATTACK_FUNCTIONS) * 2 + 4} traps)", calls == "", calls)
    psql("DROP SCHEMA hc_evil CASCADE; DROP OWNED BY hc_attacker; DROP ROLE hc_attacker")


def main():
    setup()
    baseline = {}
    for source in ("extension", "catalog"):
        baseline[source] = hostile_names(source)
    if baseline["extension"] and baseline["catalog"]:
        case("extension and catalog give the same rows for hostile names",
             baseline["extension"]["rows"] == baseline["catalog"]["rows"])
    search_path_attack(baseline)
    fix_and_recheck()
    teardown()
    passed = sum(results)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
