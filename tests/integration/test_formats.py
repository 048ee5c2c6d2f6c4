#!/usr/bin/python3
"""Many jobs in one run, and the reports for CI and for people.

On the cluster of PGHOST/PGPORT (scripts/test's, superuser postgres, trust):
a folder of two job files holding three jobs (one not ready on both ends,
with tables named to inject markup and terminal controls; one ready; one
whose destination's port is closed), checked at once with --jobs.

1. The run: every job of every file is checked; the closed port fails its
   connection alone (exit 2, the worst); JSON names each job's file; text
   mode ends with a line per connection on stderr; a progress line appears
   on a terminal (a pty) and never on a pipe.
2. --format junit validates with xmllint against tests/formats/junit.xsd,
   and its counts and fixes are the JSON report's.
3. --format github: every line parses as a workflow command (or is the
   summary, last); the ::error lines are the missing rows and the failed
   connection, the ::warning lines the warnings; names come back whole
   after the runner's unescaping, and no line holds a control character.
4. --format html, opened in headless Chromium (Debian's chromium): the
   rendered DOM shows the verdict, a row per connection and a missing
   cell; a link to that cell shows its detail and fix; the hostile names
   are text, never markup (no element they could make exists, the title is
   untouched); a screenshot is kept in build/formats/.
5. Bad input: the same job name in two files, a folder with no job file,
   --jobs 0, --jobs without --job-file: exit 3 with what is wrong.

Prints one line per case and ends with "N passed, N failed".
"""

import json
import os
import pty
import re
import select
import shutil
import socket
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import case, ident, literal, summary  # noqa: E402
CLIENT = os.environ.get("PG_PREFLIGHT", os.path.join(ROOT, "build/cmake/client/pg_preflight"))
XSD = os.path.join(ROOT, "tests/formats/junit.xsd")
OUT = os.path.join(ROOT, "build/formats")

DBS = ["fm_src", "fm_dst", "fm_ok"]
READER, WRITER = "fm_reader", "fm_writer"
EVIL_TABLE = "<img src=x onerror=\"document.title='pwned'\">"
EVIL_TABLE2 = "</script><b id=\"pwn\">x</b>\x1b[2J"


def psql(sql, db="postgres", check=True):
    p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-U", "postgres",
                        "-d", db], input=sql, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError(f"psql on {db} failed: {p.stderr}")
    return p


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def end(db, user, options=""):
    host, port = os.environ.get("PGHOST", "/tmp"), os.environ.get("PGPORT", "5432")
    return (f"host: {json.dumps(host)}, port: {port}, dbname: {db}, username: {user}" +
            (f", options: {{ {options} }}" if options else ""))


def run(args, stderr_tty=False):
    env = {k: v for k, v in os.environ.items() if k not in ("PGUSER", "PGDATABASE")}
    if not stderr_tty:
        p = subprocess.run([CLIENT] + args, env=env, capture_output=True, text=True, timeout=120)
        return p.returncode, p.stdout, p.stderr
    # stderr on a terminal (a pty), stdout on a pipe.
    master, slave = pty.openpty()
    p = subprocess.Popen([CLIENT] + args, env=env, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    err = b""
    while True:
        r, _, _ = select.select([master], [], [], 0.1)
        if r:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
        elif p.poll() is not None:
            break
    out = p.stdout.read().decode()
    p.wait()
    os.close(master)
    return p.returncode, out, err.decode(errors="replace")


def setup(folder):
    for db in DBS:
        psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
    psql(f"DROP ROLE IF EXISTS {READER}; DROP ROLE IF EXISTS {WRITER};"
         f"CREATE ROLE {READER} LOGIN; CREATE ROLE {WRITER} LOGIN;")
    for db in DBS:
        psql(f"CREATE DATABASE {db}")
    tables = "".join(f"CREATE TABLE public.{ident(t)} (id int PRIMARY KEY, v text);"
                     for t in ("orders", EVIL_TABLE, EVIL_TABLE2))
    psql(tables, db="fm_src")
    psql(tables + f"GRANT INSERT ON public.orders TO {WRITER};", db="fm_dst")
    psql(f"CREATE TABLE public.t (id int); GRANT SELECT ON public.t TO {READER};"
         f"GRANT INSERT ON public.t TO {WRITER};", db="fm_ok")
    os.makedirs(folder)
    with open(os.path.join(folder, "a.yaml"), "w") as f:
        f.write(f"""jobs:
  - name: shop
    source: {{ {end("fm_src", READER)} }}
    destinations:
      - {{ {end("fm_dst", WRITER, "truncate: true")} }}
""")
    with open(os.path.join(folder, "b.yml"), "w") as f:
        f.write(f"""jobs:
  - name: ready-one
    source: {{ {end("fm_ok", READER)} }}
    destinations:
      - {{ {end("fm_ok", WRITER)} }}
  - name: unreachable
    source: {{ {end("fm_ok", READER)} }}
    destinations:
      - {{ host: 127.0.0.1, port: {closed_port()}, dbname: x, username: {WRITER}, connect_timeout: 3 }}
""")
    with open(os.path.join(folder, "notes.txt"), "w") as f:
        f.write("not a job file\n")


def teardown():
    for db in DBS:
        psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)", check=False)
    psql(f"DROP ROLE IF EXISTS {READER}; DROP ROLE IF EXISTS {WRITER}", check=False)


def connections(doc):
    return [c for j in doc["jobs"] for c in j["connections"]]


def rows(doc, status):
    return [r for c in connections(doc) for r in c.get("report", {}).get("rows", [])
            if r["status"] == status]


def run_cases(folder, tmp):
    code, out, err = run(["--job-file", folder, "--format", "json", "--jobs", "4"])
    doc = json.loads(out) if out.startswith("{") else None
    if not doc:
        case("run: the JSON document parses", False, out[:300] + err[:300])
        return None
    conns = connections(doc)
    case("run: 3 jobs from 2 files in one run (the folder's .yaml and .yml, not its .txt)",
         [j["name"] for j in doc["jobs"]] == ["shop", "ready-one", "unreachable"] and
         sorted({os.path.basename(j["file"]) for j in doc["jobs"]}) == ["a.yaml", "b.yml"] and
         len(doc["job_files"]) == 2, [(j["name"], j["file"]) for j in doc["jobs"]])
    case("run: the closed port fails its connection alone; the worst decides: exit 2",
         code == 2 and [c["status"] for c in conns] ==
         ["not ready", "not ready", "ready", "ready", "ready", "failed"],
         f"exit {code}: {[c['status'] for c in conns]}")
    case("run: every connection says how long it took",
         all(isinstance(c.get("seconds"), (int, float)) for c in conns))

    code, out, err = run(["--job-file", folder])
    lines = [l for l in err.splitlines() if l.startswith("pg_preflight: ")]
    case("text: a line per connection on stderr, with its verdict",
         len(lines) == 6 and "not ready" in lines[0] and "failed" in lines[5], err[-600:])
    case("text: nothing on a pipe but those lines (no progress)", "checked" not in err, err[:300])
    code, out, err = run(["--job-file", folder, "--jobs", "2"], stderr_tty=True)
    case("text: a progress line on a terminal (connections done of total)",
         re.search(r"checked \d+ of 6 connections", err) is not None, ascii(err[:400]))
    return doc


def junit_cases(folder, doc):
    code, out, err = run(["--job-file", folder, "--format", "junit"])
    path = os.path.join(OUT, "report.junit.xml")
    with open(path, "w") as f:
        f.write(out)
    p = subprocess.run(["xmllint", "--noout", "--schema", XSD, path], capture_output=True,
                       text=True)
    case("junit: xmllint validates it against tests/formats/junit.xsd", p.returncode == 0,
         p.stderr[:500])
    import xml.etree.ElementTree as ET
    try:
        root = ET.fromstring(out)
    except ET.ParseError as e:
        case("junit: it parses", False, e)
        return
    suites = root.findall("testsuite")
    case("junit: a testsuite per job and connection", len(suites) == len(connections(doc)),
         len(suites))
    failures = [f for f in root.iter("failure")]
    missing = rows(doc, "missing")
    case(f"junit: a <failure> per missing row ({len(missing)}), its text the row's fix",
         len(failures) == len(missing) and
         sorted(f.text for f in failures) == sorted(no_controls(r["fix"] or "") for r in missing),
         f"{len(failures)} vs {len(missing)}")
    errors = list(root.iter("error"))
    case("junit: the failed connection is one <error>, the totals add up",
         len(errors) == 1 and root.get("errors") == "1" and
         int(root.get("tests")) == sum(int(s.get("tests")) for s in suites), root.attrib)
    case("junit: exit status as the other formats (2)", code == 2, code)
    names = " ".join(tc.get("name") for tc in root.iter("testcase"))
    case("junit: hostile names are kept (as escaped XML), controls dropped",
         EVIL_TABLE.replace('"', '""') in names and "\x1b" not in out, names[:300])


def no_controls(text):
    """What the reports keep of a name: escape sequences and controls dropped."""
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text))


GH = re.compile(r"^::(error|warning) title=([^:]*)::(.*)$")


def unescape(text):
    return (text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":")
            .replace("%2C", ",").replace("%25", "%"))


def github_cases(folder, doc):
    code, out, err = run(["--job-file", folder, "--format", "github"])
    lines = out.rstrip("\n").split("\n")
    parsed = [GH.match(l) for l in lines[:-1]]
    case("github: every line but the last is a workflow command", all(parsed),
         [l for l, m in zip(lines, parsed) if not m][:3])
    kinds = [m.group(1) for m in parsed if m]
    case(f"github: an ::error per missing row and failed connection "
         f"({len(rows(doc, 'missing'))} + 1)",
         kinds.count("error") == len(rows(doc, "missing")) + 1 and
         kinds.count("warning") == len(rows(doc, "warning")), kinds)
    case("github: the last line is the summary",
         lines[-1].startswith("pg_preflight: NOT READY: 3 of 6 connections ready"), lines[-1])
    titles = [unescape(m.group(2)) for m in parsed if m]
    case("github: a name with ':' ',' '%' and quotes comes back whole after unescaping",
         any(EVIL_TABLE.replace('"', '""') in t for t in titles), titles[:3])
    case("github: no control character in any line",
         not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", out), ascii(out[:200]))


CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync"]


def chromium(tmp, url, *extra):
    profile = tempfile.mkdtemp(dir=tmp)
    p = subprocess.run(CHROMIUM + [f"--user-data-dir={profile}", *extra, url],
                       capture_output=True, text=True, timeout=120)
    return p


def html_cases(folder, doc, tmp):
    code, out, err = run(["--job-file", folder, "--format", "html"])
    path = os.path.join(OUT, "report.html")
    with open(path, "w") as f:
        f.write(out)
    case("html: one file, nothing fetched (no src= or href= outside the page, a CSP)",
         "default-src 'none'" in out and not re.search(r"(src|href)=\"(?!#)", out), code)
    if not shutil.which("chromium"):
        case("html: chromium is installed (scripts/install-deps)", False)
        return
    p = chromium(tmp, "file://" + path, "--dump-dom")
    dom = p.stdout
    case("html: Chromium renders it (the page's script ran)", 'data-rendered="yes"' in dom,
         p.stderr[-300:])
    case("html: the verdict is at the top", re.search(r'id="verdict"[^>]*>NOT READY<', dom),
         dom[:300])
    trs = re.findall(r"<tr><td>", dom.split('id="targets"')[1].split("</table>")[0]) \
        if 'id="targets"' in dom else []
    case("html: a row per connection in the verdict table", len(trs) == 6, len(trs))
    case("html: a missing cell in a connection's grid", 'class="c m"' in dom)
    case("html: the hostile names are text: no element they make, the title untouched",
         '<b id="pwn"' not in dom and "<img" not in dom and '&lt;b id="pwn"&gt;' in dom and
         "<title>pg_preflight: NOT READY</title>" in dom and
         "&lt;img src=x onerror=" in dom, re.findall(r"<title>.*?</title>", dom))
    # The first connection's first schema's first table at its first step.
    p = chromium(tmp, "file://" + path + "#cell=0.0.0.0", "--dump-dom")
    panel = p.stdout.split('id="panel"')[1][:4000] if 'id="panel"' in p.stdout else ""
    case("html: a cell's link shows its rows' detail and fix",
         "The role lacks" in panel and "GRANT " in panel, panel[:400])
    shot = os.path.join(OUT, "html-report.png")
    chromium(tmp, "file://" + path + "#cell=0.0.0.0", f"--screenshot={shot}",
             "--window-size=1280,900", "--hide-scrollbars")
    case("html: a screenshot is kept (build/formats/html-report.png)",
         os.path.exists(shot) and os.path.getsize(shot) > 10000)


def bad_input_cases(folder, tmp):
    dup = os.path.join(tmp, "dup.yaml")
    shutil.copy(os.path.join(folder, "a.yaml"), dup)
    code, out, err = run(["--job-file", folder, "--job-file", dup])
    case("bad: one job name in two files: exit 3, both files named",
         code == 3 and "a.yaml" in err and "dup.yaml" in err and "shop" in err, err[:300])
    empty = os.path.join(tmp, "empty")
    os.makedirs(empty)
    code, out, err = run(["--job-file", empty])
    case("bad: a folder with no job file: exit 3", code == 3 and "no job file" in err, err[:300])
    for value in ("0", "65", "x", "-1"):
        code, out, err = run(["--job-file", folder, "--jobs", value])
        case(f"bad: --jobs {value}: exit 3, the range named",
             code == 3 and "--jobs must be a whole number from 1 to 64" in err, err[:300])
    code, out, err = run(["--jobs", "2"])
    case("bad: --jobs without --job-file: exit 3", code == 3 and "--jobs needs" in err, err[:300])
    code, out, err = run(["--job-file", folder, "--format", "xml"])
    case("bad: an unknown format: exit 3, the formats named",
         code == 3 and "junit" in err and "html" in err, err[:300])


def single_cases():
    env_db = "fm_ok"
    code, out, err = run(["--dbname", env_db, "--username", READER, "--format", "junit"])
    path = os.path.join(OUT, "single.junit.xml")
    with open(path, "w") as f:
        f.write(out)
    p = subprocess.run(["xmllint", "--noout", "--schema", XSD, path], capture_output=True,
                       text=True)
    case("single: one connection from the command line in junit: valid, ready, exit 0",
         code == 0 and p.returncode == 0 and out.count("<testsuite ") == 1,
         f"exit {code}: {p.stderr[:200]} {err[:200]}")
    code, out, err = run(["--dbname", env_db, "--username", READER, "--format", "github"])
    case("single: github summary for one connection",
         code == 0 and out.strip().endswith("(0 missing privileges, 0 warnings)"), out[-200:])


def main():
    tmp = tempfile.mkdtemp(prefix="pg_preflight_formats.")
    os.chmod(tmp, 0o755)
    os.makedirs(OUT, exist_ok=True)
    folder = os.path.join(tmp, "jobs")
    try:
        setup(folder)
        doc = run_cases(folder, tmp)
        if doc:
            junit_cases(folder, doc)
            github_cases(folder, doc)
            html_cases(folder, doc, tmp)
        bad_input_cases(folder, tmp)
        single_cases()
    finally:
        teardown()
        shutil.rmtree(tmp, ignore_errors=True)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
