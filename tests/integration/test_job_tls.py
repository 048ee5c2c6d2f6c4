#!/usr/bin/python3
"""--job-file end to end across two clusters: the destination over real TLS
(sslmode verify-full), and hostile names on both sides.

Starts servers of its own with tests/tls's helpers (certificates made with
openssl, each server as the postgres user on 127.0.0.1 and a Unix socket in
its own directory): a plain source, a TLS destination with a certificate
from the test CA for localhost/127.0.0.1, and a TLS destination that takes
only client certificates (cert authentication). The source is reached over
its Unix socket, every destination over TCP with verify-full, root_cert:
and server_name: from the job file.

1. TLS: the job is ready, and each destination's JSON report says TLS was in
   use with the certificate and the name verified; a client certificate is
   sent when the job file names one; a wrong server_name fails that
   destination (exit 2) while the source is still reported.
2. Hostile names (quotes, dots, spaces, non-ASCII letters, terminal control
   characters) in schemas, tables, columns, an enum type and the
   destination's role: the destination lacks some; the report names them
   exactly (JSON) and safely (text); its --fix script, run with psql as
   superuser on the destination, creates what was absent (the role's INSERT
   on the tables it created comes in a second round of --fix: the first
   could not check privileges on tables that did not exist yet), then the
   job is ready, and the INSERTs the
   job then runs (quoted identifiers, as Neosync writes them) succeed as the
   role into the tables the script created.

Needs no PG* environment (the servers are its own). Prints one line per case
and ends with "N passed, N failed"; exits 1 when anything failed. Everything
it starts is stopped and removed however it ends, so it can run again.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "tls"))
import certs  # noqa: E402
import servers  # noqa: E402

CLIENT = os.environ.get("PG_PREFLIGHT", os.path.join(ROOT, "build/cmake/client/pg_preflight"))

CONFIGS = [
    servers.Config("source", "the job's source: TLS off"),
    servers.Config("dest", "a destination: TLS on, certificate from the trusted CA", cert="server"),
    servers.Config("destcert", "a destination taking client certificates only (cert auth)",
                   cert="server", client_ca=True, hba="hostssl", auth="cert"),
]

# Hostile names. The destination has SCHEMA and TABLE (with only its key);
# it lacks COLUMN and the enum column, TYPE, TABLE2, and SCHEMA2 with TABLE3.
SCHEMA = 'hj "q".d sp\u00fc\x1b[31m'
TABLE = 'T.ab "x" \u00e9\x1b]0;t\x07'
TABLE2 = "t2 'a'.\"b\" \u0416\r"
COLUMN = "c'ol \"q\" \u00f1\n.x"
ENUMCOL = "m \"\u00f8\".\x1b[0m"
TYPE = 'ty "p".e \u00f6\x1b[2J'
SCHEMA2 = "\u03a9.sch \"2\"\t'"
TABLE3 = "t3 \u65e5\u672c.\"\x1b[1m\""
ROLE = 'hj wr"i\'ter \u00e9.x\x1b[7m'
LABELS = ["it's", 'say "hi"', "\u00e4.b"]

results = []


def case(name, ok, detail=""):
    results.append(bool(ok))
    print(("ok     " if ok else "FAILED ") + name + ("" if ok else ": " + str(detail)[:600]))


def ident(name):
    return '"' + name.replace('"', '""') + '"'


def literal(text):
    return "'" + text.replace("'", "''") + "'"


def unsafe_chars(text):
    """Control characters a terminal acts on, and Unicode direction controls."""
    bad = set()
    for ch in text:
        cp = ord(ch)
        if (cp < 0x20 and ch != "\n") or 0x7F <= cp <= 0x9F or cp in (0x061C, 0x200E, 0x200F) \
                or 0x202A <= cp <= 0x202E or 0x2066 <= cp <= 0x2069:
            bad.add(f"U+{cp:04X}")
    return sorted(bad)


def yaml_str(text):
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=True)


class Env:
    def __init__(self, srv, cs, tmp):
        self.srv = srv
        self.certs = cs
        self.tmp = tmp

    def socket_url(self, name, db="postgres"):
        home = os.path.join(self.srv.dir, name)
        return f"postgresql://postgres@/{db}?host={home}&port={self.srv.port[name]}"

    def psql(self, name, sql, db="postgres", check=True):
        e = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                            "-d", self.socket_url(name, db)],
                           input=sql, capture_output=True, text=True, env=e)
        if check and p.returncode != 0:
            raise RuntimeError(f"psql on {name} failed: {p.stderr}")
        return p

    def job_file(self, text, name):
        path = os.path.join(self.tmp, name + ".yaml")
        with open(path, "w") as f:
            f.write(text)
        return path

    def run(self, args, extra_env=None):
        e = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        e.pop("NO_COLOR", None)
        e["USER_DEFINED_JT_SRC"] = self.socket_url("source")
        e["USER_DEFINED_JT_HSRC"] = self.socket_url("source", "hj_src")
        if extra_env:
            e.update(extra_env)
        p = subprocess.run([CLIENT] + args, env=e, capture_output=True, text=True, timeout=120)
        return p.returncode, p.stdout, p.stderr


def tls_destination(env, name, server_name="localhost", client=None, db="postgres",
                    role=None, indent="      "):
    lines = ["- host: 127.0.0.1",
             f"  port: {env.srv.port[name]}",
             f"  dbname: {db}",
             "  username: postgres",
             "  sslmode: verify-full",
             f"  root_cert: {env.certs.crt('ca')}",
             f"  server_name: {server_name}",
             "  connect_timeout: 10"]
    if client:
        lines += [f"  client_cert: {env.certs.crt(client)}",
                  f"  client_key: {env.certs.key(client)}"]
    if role:
        lines.append(f"  role: {yaml_str(role)}")
    return "".join(indent + l + "\n" for l in lines)


def job(name, source_env, dests):
    return (f"  - name: {name}\n    source: {{ url_env: {source_env} }}\n"
            f"    destinations:\n" + "".join(dests))


def parse(out, what):
    try:
        return json.loads(out)
    except ValueError as e:
        case(f"{what}: the JSON document parses", False, f"{e}: {out[:300]}")
        return None


def tls_cases(env):
    path = env.job_file("jobs:\n" + job("tls", "USER_DEFINED_JT_SRC", [
        tls_destination(env, "dest"),
        tls_destination(env, "destcert", client="client")]), "tls")
    code, out, err = env.run(["--job-file", path, "--format", "json"])
    case("tls: socket source, two verify-full destinations (one with a client certificate): "
         "exit 0", code == 0, f"exit {code}: {err[-300:]}{out[-300:]}")
    doc = parse(out, "tls")
    if doc:
        conns = doc["jobs"][0]["connections"]
        case("tls: one job, the source and its two destinations, all ready",
             doc["ready"] is True and [(c["end"], c["status"]) for c in conns] ==
             [("source", "ready"), ("destination", "ready"), ("destination", "ready")],
             json.dumps([(c["end"], c["status"], c.get("error")) for c in conns]))
        src_tls = conns[0].get("report", {}).get("tls", {})
        case("tls: the source's report says no TLS (its Unix socket)",
             src_tls.get("in_use") is False, json.dumps(src_tls))
        for i, what in ((1, "destination 1"), (2, "destination 2 (client certificate)")):
            rep = conns[i].get("report", {}) if i < len(conns) else {}
            t = rep.get("tls", {})
            cert = t.get("server_certificate") or {}
            case(f"tls: {what}'s report: TLS in use, verify-full, certificate and name "
                 f"localhost verified",
                 t.get("in_use") is True and t.get("sslmode") == "verify-full" and
                 t.get("certificate_verified") is True and t.get("verified_name") == "localhost"
                 and t.get("protocol", "").startswith("TLS") and
                 "CN=localhost" in (cert.get("subject") or "") and
                 "pg_preflight test CA" in (cert.get("issuer") or ""), json.dumps(t))
            case(f"tls: {what}'s report is of the destination job on its own port",
                 rep.get("job") == "destination" and
                 str(env.srv.port["dest" if i == 1 else "destcert"]) in
                 json.dumps(rep.get("connection")), json.dumps(rep.get("connection")))
    # The text report: a block per connection, TLS named in the destinations'.
    code, out, err = env.run(["--job-file", path])
    case("tls: text report: exit 0, READY over the job file's 3 connections",
         code == 0 and "READY  the job file's 3 connections" in out, out[-400:])

    # cert authentication without a client certificate: that end fails.
    path = env.job_file("jobs:\n" + job("nocert", "USER_DEFINED_JT_SRC", [
        tls_destination(env, "destcert")]), "nocert")
    code, out, err = env.run(["--job-file", path, "--format", "json"])
    doc = parse(out, "nocert")
    conns = doc["jobs"][0]["connections"] if doc else []
    case("tls: a cert-auth destination without client_cert: exit 2, that destination failed",
         code == 2 and len(conns) == 2 and conns[1]["status"] == "failed" and
         "error" in conns[1] and conns[0]["status"] == "ready", f"exit {code}: {out[-500:]}")

    # A wrong server_name: the certificate names localhost, not other.example.
    path = env.job_file("jobs:\n" + job("wrongname", "USER_DEFINED_JT_SRC", [
        tls_destination(env, "dest", server_name="other.example")]), "wrongname")
    code, out, err = env.run(["--job-file", path, "--format", "json"])
    doc = parse(out, "wrong server_name")
    conns = doc["jobs"][0]["connections"] if doc else []
    case("tls: a wrong server_name: exit 2", code == 2, f"exit {code}: {err[-300:]}")
    case("tls: ... the destination failed, its error names the name mismatch",
         len(conns) == 2 and conns[1]["status"] == "failed" and "report" not in conns[1] and
         "other.example" in conns[1].get("error", "") and
         "does not match" in conns[1].get("error", ""), json.dumps(conns[1:])[:500])
    case("tls: ... and the source is still reported (ready, with its rows)",
         len(conns) == 2 and conns[0]["status"] == "ready" and
         conns[0].get("report", {}).get("job") == "source" and doc["ready"] is False,
         json.dumps(conns[:1])[:500])
    code, out, err = env.run(["--job-file", path])
    case("tls: ... in text: exit 2, the source's block and the destination failed",
         code == 2 and '== the source of job "wrongname"' in out and
         'ready  the source of job "wrongname"' in out and
         'failed  destination 1 of job "wrongname"' in out, out[-500:])


SOURCE_SQL = f"""
CREATE SCHEMA {ident(SCHEMA)};
CREATE TYPE {ident(SCHEMA)}.{ident(TYPE)} AS ENUM ({', '.join(literal(l) for l in LABELS)});
CREATE TABLE {ident(SCHEMA)}.{ident(TABLE)} (id integer PRIMARY KEY, {ident(COLUMN)} text,
    {ident(ENUMCOL)} {ident(SCHEMA)}.{ident(TYPE)});
CREATE TABLE {ident(SCHEMA)}.{ident(TABLE2)} (id bigint PRIMARY KEY, {ident(COLUMN)} text NOT NULL,
    {ident(ENUMCOL)} {ident(SCHEMA)}.{ident(TYPE)}[]);
CREATE SCHEMA {ident(SCHEMA2)};
CREATE TABLE {ident(SCHEMA2)}.{ident(TABLE3)} ({ident(COLUMN)} numeric(10,2), "plain" text);
"""
DEST_SQL = f"""
CREATE SCHEMA {ident(SCHEMA)};
CREATE TABLE {ident(SCHEMA)}.{ident(TABLE)} (id integer PRIMARY KEY);
"""


def hostile_cases(env):
    env.psql("source", "CREATE DATABASE hj_src")
    env.psql("source", SOURCE_SQL, db="hj_src")
    env.psql("dest", "CREATE DATABASE hj_dst")
    env.psql("dest", DEST_SQL, db="hj_dst")
    env.psql("dest", f"CREATE ROLE {ident(ROLE)} LOGIN")
    path = env.job_file("jobs:\n" + job("hostile", "USER_DEFINED_JT_HSRC", [
        tls_destination(env, "dest", db="hj_dst", role=ROLE)]), "hostile")

    code, out, err = env.run(["--job-file", path, "--format", "json"])
    doc = parse(out, "hostile")
    if not doc:
        return
    conns = doc["jobs"][0]["connections"]
    case("hostile: not ready: exit 1, source ready, destination not ready",
         code == 1 and [c["status"] for c in conns] == ["ready", "not ready"],
         f"exit {code}: {json.dumps([(c['status'], c.get('error')) for c in conns])}")
    rep = conns[1].get("report", {}) if len(conns) > 1 else {}
    case("hostile: the destination's report is for the hostile role, over TLS",
         rep.get("role") == ROLE and rep.get("tls", {}).get("in_use") is True,
         ascii(rep.get("role")))
    rows = rep.get("rows", [])
    absent = sorted((r["object_type"], r["schema_name"] or "", r["object_name"],
                     r["column_name"] or "") for r in rows
                    if r["privilege"] == "EXISTS" and r["status"] == "missing")
    want = sorted([("column", SCHEMA, TABLE, COLUMN), ("column", SCHEMA, TABLE, ENUMCOL),
                   ("table", SCHEMA, TABLE2, ""), ("type", SCHEMA, TYPE, ""),
                   ("schema", "", SCHEMA2, ""), ("table", SCHEMA2, TABLE3, "")])
    # A schema row may carry its own name as schema_name; compare without it.
    norm = sorted((t, "" if t == "schema" else s, o, c) for t, s, o, c in absent)
    case("hostile: the destination's missing schema, type, tables and columns are named exactly",
         norm == want, ascii(absent))
    fixes = [r.get("fix") or "" for r in rows if r["status"] == "missing"]
    case("hostile: every missing row carries a fix", fixes and all(fixes), ascii(fixes)[:400])

    code, out, err = env.run(["--job-file", path])
    bad = unsafe_chars(out + err)
    case(f"hostile: text report carries no raw control or direction character ({len(out)} chars)",
         not bad, bad)
    case("hostile: text report names them (printable parts)",
         code == 1 and "sp\u00fc" in out and "\u0416" in out and "\u65e5\u672c" in out and
         "ty " in out and "\u03a9.sch" in out and 'destination 1 of job "hostile"' in out,
         out[-600:])

    code, script, err = env.run(["--job-file", path, "--job", "hostile", "--fix"])
    bad = unsafe_chars(script)
    case(f"hostile: --fix carries no raw control character ({script.count(';')} statements)",
         code == 1 and not bad, f"exit {code}: {bad}")
    # The destination's script only: the source's needs nothing (superuser).
    marker = '-- pg_preflight: the fix script for destination 1 of job "hostile"'
    dest_script = script[script.find(marker):] if marker in script else ""
    case("hostile: --fix has the destination's script", bool(dest_script.strip()), script[:400])
    if os.environ.get("JOBTLS_SHOW_FIX"):
        print(dest_script)
    p = env.psql("dest", dest_script, db="hj_dst", check=False)
    case("hostile: the destination's fix script runs with psql as superuser", p.returncode == 0,
         p.stderr[:500])
    # One script is enough: the tables it creates are handed to the role.
    code, out, err = env.run(["--job-file", path])
    case("hostile: after that one script the job is ready: exit 0", code == 0,
         f"exit {code}: {out[-600:]}")

    s, s2 = ident(SCHEMA), ident(SCHEMA2)
    p = env.psql("dest", f"""
BEGIN;
SET ROLE {ident(ROLE)};
INSERT INTO {s}.{ident(TABLE)} ("id", {ident(COLUMN)}, {ident(ENUMCOL)}) VALUES (1, 'a', {literal(LABELS[0])});
INSERT INTO {s}.{ident(TABLE2)} ("id", {ident(COLUMN)}, {ident(ENUMCOL)}) VALUES (2, 'b', ARRAY[{literal(LABELS[1])}, {literal(LABELS[2])}]::{s}.{ident(TYPE)}[]);
INSERT INTO {s2}.{ident(TABLE3)} ({ident(COLUMN)}, "plain") VALUES (1.25, 'c');
RESET ROLE;
SELECT count(*) FROM {s}.{ident(TABLE2)} t, {s2}.{ident(TABLE3)} u WHERE t.{ident(ENUMCOL)}[2] = {literal(LABELS[2])};
COMMIT;
""", db="hj_dst", check=False)
    case("hostile: the job's INSERTs (quoted identifiers) succeed as the role in the created "
         "tables", p.returncode == 0 and p.stdout.strip() == "1", p.stdout + p.stderr[:500])


def main():
    tmp = tempfile.mkdtemp(prefix="pg_preflight_jobtls.")
    try:
        cs = certs.generate(os.path.join(tmp, "certs"))
        with servers.Servers(cs, CONFIGS) as srv:
            env = Env(srv, cs, tmp)
            for group in (tls_cases, hostile_cases):
                try:
                    group(env)
                except Exception as e:  # a group that breaks fails once, the rest still run
                    case(f"{group.__name__} ran to its end", False, repr(e))
    except Exception as e:
        case("servers and certificates set up", False, repr(e))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    passed = sum(results)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
