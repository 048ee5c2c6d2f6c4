#!/usr/bin/python3
"""The pg_preflight oracle: the check against PostgreSQL itself.

For every seed it builds a fresh database with a random (but seed-determined)
grant configuration, asks preflight.check() what a job needs, then runs the
job's real statements (shared/JOBS.md) as the role and compares: a 'missing'
row must match a statement that fails with SQLSTATE 42501, and a statement
that fails with 42501 must match a 'missing' row. Then it applies
preflight.fix_script() and checks that every statement now succeeds.

Run with Debian's /usr/bin/python3 and python3-psycopg2; the connection comes
from libpq's environment (PGHOST, PGPORT, PGUSER = a superuser).

    /usr/bin/python3 tests/oracle/oracle.py                 # default run
    /usr/bin/python3 tests/oracle/oracle.py --seed-start 17 --seeds 1 --verbose
"""

import argparse
import difflib
import functools
import multiprocessing
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

import psycopg2
from psycopg2 import sql

PERMISSION_DENIED = "42501"
STATEMENT_TIMEOUT = "10s"

# Job steps, in the order a job runs them (shared/JOBS.md); each name is
# the needed_for of the check's rows. The extension says 'update foreign
# keys'; an older contract said 'fix foreign keys': the oracle accepts both.
CONNECT = "connect"
READ = "read"
READ_SEQ = "read sequences"
CREATE_SCHEMAS = "create schemas"
CREATE_TABLES = "create tables"
TRUNCATE = "truncate"
WRITE = "write"
UPSERT = "upsert"
FIX_FK = "update foreign keys"
RESET_SEQ = "reset sequences"
STEP_ORDER = [CONNECT, READ, READ_SEQ, CREATE_SCHEMAS, CREATE_TABLES, TRUNCATE, WRITE, UPSERT,
              FIX_FK, RESET_SEQ]
STEP_ALIASES = {"fix foreign keys": FIX_FK}
KNOWN_STEPS = set(STEP_ORDER) | {"discover"}

# Errors that mean the oracle itself wrote a bad statement: they are reported
# as crashes, never silently counted as "no permission error".
ORACLE_BUG_SQLSTATES = {"42601", "42703", "42804", "22P02", "42883", "42P18", "42846", "428C9",
                        "42P10"}

# Values the oracle writes: far above the few rows the generator loads (1..3),
# so no unique violation can come before a foreign-key check.
INT_VALUE = 1000001
# The key of the one committed row every table gets before the jobs run (the
# "fixture"): the foreign-key fix-up updates it. It must be committed: a row
# inserted by the updating transaction itself makes PostgreSQL re-check every
# foreign key of the row, not only the changed ones.
FIXTURE_VALUE = 999
# Every sequence starts here once the fixtures are in, so that a column sent
# as DEFAULT never collides with a committed row (setval is not rolled back;
# the reset-sequences step later sets some back to the fixture key, 999,
# which is still clear of every committed key).
SEQUENCE_START = 5000000

# Choices JOBS.md leaves to what Neosync's code does (see README, "Decisions"):
# one line each, so that a finding about Neosync changes one switch.
# Indexes: True = an unguarded CREATE INDEX IF NOT EXISTS (which checks
# ownership of the table before it looks for the index); False = a guarded
# DO block like the constraints'.
INDEX_UNGUARDED = False
# ALTER SEQUENCE ... OWNED BY for sequences linked to a column by pg_depend
# deptype 'a' (serial, OWNED BY); True adds identity sequences ('i').
OWNED_BY_IDENTITY = False
# on_conflict update on a table whose only written columns are its key:
# False = ON CONFLICT DO NOTHING without a target; True = ON CONFLICT (pk) DO NOTHING.
UPSERT_EMPTY_SET_TARGET = False
# reset sequences: pg_get_serial_sequence's second argument. False = the
# plain column name (as a text parameter); True = the column name quoted
# as an identifier ('"c"'), which pg_get_serial_sequence does not unquote.
SETVAL_QUOTED_COLUMN = False
# The read: ORDER BY the primary key and LIMIT 100000 (the first page).
READ_ORDER_LIMIT = True

# Option defaults (shared/JOBS.md), per job.
SOURCE_DEFAULTS = {"read_sequences": False}
DESTINATION_DEFAULTS = {"on_conflict": "none", "column_defaults": "copy",
                        "update_foreign_keys": True, "truncate": False,
                        "truncate_cascade": False, "reset_sequences": True,
                        "create_schemas": False, "init_tables": False}
# How many random destination option sets each (role, scope) gets, besides
# the defaults ({}).
DESTINATION_SETS = 8


def destination_option_sets(rng: random.Random, n: int) -> List[dict]:
    """The defaults, then n random destination option sets. Only values
    that differ from the defaults are given, so that each set is a job a
    sync tool could really be configured with."""
    out: List[dict] = [{}]
    while len(out) < n + 1:
        o = {"column_defaults": rng.choice(["copy", "generate"]),
             "on_conflict": rng.choice(["none", "nothing", "update"]),
             "update_foreign_keys": rng.random() < 0.75,
             "reset_sequences": rng.random() < 0.6,
             "create_schemas": rng.random() < 0.3,
             "init_tables": rng.random() < 0.35}
        trunc = rng.random()
        o["truncate"] = trunc < 0.5
        o["truncate_cascade"] = trunc < 0.25
        o = {k: v for k, v in o.items() if v != DESTINATION_DEFAULTS[k]}
        if o not in out:
            out.append(o)
    return out


def source_option_sets(rng: random.Random) -> List[dict]:
    """The source job without and, most of the time, with read_sequences."""
    return [{}, {"read_sequences": True}] if rng.random() < 0.7 else \
        [rng.choice([{}, {"read_sequences": True}])]


class OracleCrash(Exception):
    """Something other than the job's own statement failed: a bug in the
    oracle, the generator, or a crash of the extension's function."""


# --------------------------------------------------------------------------
# Connections
# --------------------------------------------------------------------------

def connect(dbname: str, user: Optional[str] = None, autocommit: bool = True):
    """A connection from libpq's environment, to dbname, as user (default
    PGUSER). Application name marks the oracle's sessions in pg_stat_activity."""
    kwargs = {"dbname": dbname, "application_name": "pg_preflight_oracle",
              "connect_timeout": 20}
    if user is not None:
        kwargs["user"] = user
    conn = psycopg2.connect(**kwargs)
    conn.autocommit = autocommit
    return conn


def admin_database() -> str:
    """The database the oracle connects to for CREATE/DROP DATABASE."""
    return os.environ.get("PGDATABASE") or "postgres"


# --------------------------------------------------------------------------
# The random grant configuration
# --------------------------------------------------------------------------

WEIRD_SUFFIXES = ['"q', ".dot", " space", "ü\u00e9", "Mixed", "x\"y.z w"]


class Generator:
    """Builds one random grant configuration in the oracle database.

    Everything is created by the superuser, then handed to owners with ALTER
    ... OWNER, so that the generator never depends on the privileges it is
    about to scramble. All randomness comes from one random.Random(seed), so
    a seed reproduces the same database."""

    def __init__(self, seed: int, cur, dbname: str):
        self.seed = seed
        self.rng = random.Random(seed)
        self.cur = cur
        # What the server's major adds is drawn only on that major, so that
        # a seed builds the same database on every major that lacks it.
        self.major = cur.connection.server_version // 10000
        self.dbname = dbname
        self.prefix = "orc%d_" % seed
        self.owners: List[str] = []
        self.groups: List[str] = []
        self.users: List[str] = []
        self.schemas: List[str] = []
        self.bool_funcs: List[Tuple[str, str]] = []   # (schema, name) of f(integer) -> boolean
        self.int_funcs: List[Tuple[str, str]] = []    # (schema, name) of f(integer) -> integer
        self.trigger_funcs: List[Tuple[str, str]] = []
        self.types: List[Tuple[str, str, str]] = []   # (schema, name, kind)
        self.free_sequences: List[Tuple[str, str]] = []
        self.tables: List[dict] = []                  # keyed tables others may reference
        self.log: List[str] = []

    # -- helpers -----------------------------------------------------------

    def run(self, query, params=None):
        """Executes one generator statement; a failure is a generator bug."""
        try:
            self.cur.execute(query, params)
        except psycopg2.Error as e:
            text = query.as_string(self.cur) if isinstance(query, sql.Composable) else query
            raise OracleCrash("generator statement failed: %s\n  %s" % (text, e.pgerror or e))
        self.log.append(self.cur.query.decode("utf-8", "replace"))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def name(self, base: str) -> str:
        """A name, sometimes with quotes, dots, spaces or non-ASCII letters,
        so that every fix must quote its identifiers correctly."""
        if self.chance(0.3):
            return base + self.rng.choice(WEIRD_SUFFIXES)
        return base

    def grantee(self, include_public: bool = True):
        """A random grantee: PUBLIC, a group, a user or an owner role."""
        choices = ["PUBLIC"] if include_public else []
        choices += self.groups + self.users + self.owners[:1]
        pick = self.rng.choice(choices)
        return sql.SQL("PUBLIC") if pick == "PUBLIC" else sql.Identifier(pick)

    def some_owner(self, allow_superuser: bool = True) -> Optional[str]:
        """Owner of a new object: often an owner role, sometimes a group or
        a user (possibly the tested role itself), sometimes the superuser."""
        pool = self.owners * 3 + self.groups + self.users
        if allow_superuser and self.chance(0.15):
            return None
        return self.rng.choice(pool)

    # -- roles and database --------------------------------------------------

    def make_roles(self):
        """Owners, groups and users, with nested memberships (acyclic by
        construction: users join groups, groups join groups of lower rank and
        owners), NOINHERIT, NOLOGIN, BYPASSRLS and predefined roles."""
        for i in range(1, 3):
            self.owners.append(self.prefix + self.name("own%d" % i))
        for i in range(1, 3):
            self.groups.append(self.prefix + self.name("grp%d" % i))
        for i in range(1, self.rng.randint(2, 4)):
            self.users.append(self.prefix + self.name("usr%d" % i))
        for r in self.owners:
            login = sql.SQL("LOGIN" if self.chance(0.3) else "NOLOGIN")
            self.run(sql.SQL("CREATE ROLE {} {}").format(sql.Identifier(r), login))
        for r in self.groups:
            inherit = sql.SQL("NOINHERIT" if self.chance(0.15) else "INHERIT")
            self.run(sql.SQL("CREATE ROLE {} NOLOGIN {}").format(sql.Identifier(r), inherit))
        for r in self.users:
            attrs = [
                "LOGIN" if self.chance(0.85) else "NOLOGIN",
                "NOINHERIT" if self.chance(0.25) else "INHERIT",
                "BYPASSRLS" if self.chance(0.1) else "NOBYPASSRLS",
            ]
            self.run(sql.SQL("CREATE ROLE {} " + " ".join(attrs)).format(sql.Identifier(r)))
        if self.chance(0.4):
            self.grant_role(self.groups[1], self.groups[0])
        if self.chance(0.15):
            self.grant_role(self.groups[0], self.owners[0])
        for u in self.users:
            if self.chance(0.55):
                self.grant_role(u, self.groups[0])
            if self.chance(0.35):
                self.grant_role(u, self.groups[1])
            if self.chance(0.15):
                self.grant_role(u, self.rng.choice(self.owners))
        for r in self.users + self.groups:
            # pg_read_all_data and pg_write_all_data are 14's.
            if self.chance(0.12) and self.major >= 14:
                self.grant_role(r, "pg_read_all_data")
            if self.chance(0.12) and self.major >= 14:
                self.grant_role(r, "pg_write_all_data")

    def grant_role(self, member: str, group: str):
        """From 16 a grant has its own INHERIT and SET options: sometimes
        INHERIT FALSE for an inheriting role, TRUE for a NOINHERIT one, and
        SET FALSE (a member that can neither use nor become the group)."""
        options = []
        if self.major >= 16:
            if self.chance(0.2):
                options.append("INHERIT " + self.rng.choice(["TRUE", "FALSE"]))
            if self.chance(0.15):
                options.append("SET FALSE")
        tail = " WITH " + ", ".join(options) if options else ""
        self.run(sql.SQL("GRANT {} TO {}" + tail).format(sql.Identifier(group),
                                                         sql.Identifier(member)))

    def make_database_grants(self):
        """CONNECT revoked from PUBLIC, CREATE granted, a user owning the
        database (which makes it a member of pg_database_owner)."""
        db = sql.Identifier(self.dbname)
        if self.chance(0.25):
            self.run(sql.SQL("REVOKE CONNECT ON DATABASE {} FROM PUBLIC").format(db))
            for r in self.groups + self.users:
                if self.chance(0.4):
                    self.run(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                        db, sql.Identifier(r)))
        for r in self.groups + self.users:
            if self.chance(0.15):
                self.run(sql.SQL("GRANT CREATE ON DATABASE {} TO {}").format(db, sql.Identifier(r)))
        if self.chance(0.1):
            self.run(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                db, sql.Identifier(self.rng.choice(self.users))))

    def make_language_grants(self):
        """USAGE on language plpgsql revoked from PUBLIC (the database is
        the seed's own), sometimes granted back to a role: init_tables' DO
        blocks need it. Functions already written in plpgsql still run."""
        if self.chance(0.2):
            self.run("REVOKE USAGE ON LANGUAGE plpgsql FROM PUBLIC")
            if self.chance(0.4):
                self.run(sql.SQL("GRANT USAGE ON LANGUAGE plpgsql TO {}").format(
                    self.grantee(include_public=False)))

    # -- schemas, functions, types, sequences ---------------------------------

    def make_schemas(self):
        """1-3 schemas, owned by various roles, with random USAGE/CREATE."""
        names = set()
        if self.chance(0.2):
            # public: owned by pg_database_owner, USAGE for PUBLIC, CREATE
            # only for the database owner (PostgreSQL 15).
            names.add("public")
            self.schemas.append("public")
            if self.chance(0.3):
                self.run("REVOKE USAGE ON SCHEMA public FROM PUBLIC")
        for i in range(self.rng.randint(1, 3)):
            n = self.name("sch%d" % i)
            if n in names:
                continue
            names.add(n)
            self.schemas.append(n)
            self.run(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(n)))
            self.set_owner("SCHEMA", sql.Identifier(n), self.some_owner())
            for _ in range(self.rng.randint(0, 3)):
                priv = "USAGE" if self.chance(0.75) else "CREATE"
                self.run(sql.SQL("GRANT {} ON SCHEMA {} TO {}").format(
                    sql.SQL(priv), sql.Identifier(n), self.grantee()))

    def set_owner(self, kind: str, ident, owner: Optional[str]):
        if owner is not None:
            self.run(sql.SQL("ALTER {} {} OWNER TO {}").format(
                sql.SQL(kind), ident, sql.Identifier(owner)))

    def make_functions(self):
        """Boolean functions for CHECKs, policies and domains, integer ones
        for generated columns, trigger functions; EXECUTE often revoked from
        PUBLIC and granted to a few roles. SQL and plpgsql both, since SQL
        functions may be inlined by the planner."""
        for s in self.schemas:
            for i in range(self.rng.randint(1, 2)):
                fname = self.name("ok%d" % i)
                if self.chance(0.5):
                    body = "SELECT $1 IS NULL OR $1 > 0"
                    lang = "sql"
                else:
                    body = "BEGIN RETURN $1 IS NULL OR $1 > 0; END"
                    lang = "plpgsql"
                self.run(sql.SQL("CREATE FUNCTION {}(integer) RETURNS boolean LANGUAGE {} "
                                 "IMMUTABLE AS {}").format(
                    sql.Identifier(s, fname), sql.SQL(lang), sql.Literal(body)))
                self.function_grants(s, fname, "integer")
                self.bool_funcs.append((s, fname))
            if self.chance(0.5):
                fname = self.name("twice")
                self.run(sql.SQL("CREATE FUNCTION {}(integer) RETURNS integer LANGUAGE sql "
                                 "IMMUTABLE AS 'SELECT $1 * 2'").format(sql.Identifier(s, fname)))
                self.function_grants(s, fname, "integer")
                self.int_funcs.append((s, fname))
            if self.chance(0.4):
                fname = self.name("trg")
                self.run(sql.SQL("CREATE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql "
                                 "AS 'BEGIN RETURN NEW; END'").format(sql.Identifier(s, fname)))
                self.function_grants(s, fname, "")
                self.trigger_funcs.append((s, fname))

    def function_grants(self, schema: str, fname: str, args: str):
        ident = sql.SQL("{}({})").format(sql.Identifier(schema, fname), sql.SQL(args))
        self.set_owner("FUNCTION", ident, self.some_owner())
        if self.chance(0.6):
            self.run(sql.SQL("REVOKE EXECUTE ON FUNCTION {} FROM PUBLIC").format(ident))
            for _ in range(self.rng.randint(0, 2)):
                self.run(sql.SQL("GRANT EXECUTE ON FUNCTION {} TO {}").format(
                    ident, self.grantee(include_public=False)))

    def make_types(self):
        """Enums and domains (some with a CHECK calling a function), USAGE
        revoked from PUBLIC sometimes: creating tables needs USAGE on them."""
        for s in self.schemas:
            if not self.chance(0.35):
                continue
            tname = self.name("ty")
            ident = sql.Identifier(s, tname)
            if self.chance(0.5):
                self.run(sql.SQL("CREATE TYPE {} AS ENUM ('a', 'b')").format(ident))
                kind = "enum"
            else:
                check = sql.SQL("VALUE > 0")
                if self.bool_funcs and self.chance(0.4):
                    fs, fn = self.rng.choice(self.bool_funcs)
                    check = sql.SQL("{}(VALUE)").format(sql.Identifier(fs, fn))
                self.run(sql.SQL("CREATE DOMAIN {} AS integer CHECK ({})").format(ident, check))
                kind = "domain"
            self.set_owner("TYPE" if kind == "enum" else "DOMAIN", ident, self.some_owner())
            if self.chance(0.5):
                self.run(sql.SQL("REVOKE USAGE ON TYPE {} FROM PUBLIC").format(ident))
                if self.chance(0.5):
                    self.run(sql.SQL("GRANT USAGE ON TYPE {} TO {}").format(
                        ident, self.grantee(include_public=False)))
            self.types.append((s, tname, kind))

    def make_free_sequences(self):
        """Free-standing sequences (no OWNED BY) that column defaults call
        with nextval."""
        for s in self.schemas:
            if self.chance(0.5):
                qname = self.name("free")
                ident = sql.Identifier(s, qname)
                self.run(sql.SQL("CREATE SEQUENCE {}").format(ident))
                self.set_owner("SEQUENCE", ident, self.some_owner())
                self.sequence_grants(ident)
                self.free_sequences.append((s, qname))

    def sequence_grants(self, ident, owner: Optional[str] = None):
        """Random grants; sometimes ALL granted and USAGE and UPDATE taken
        back (SELECT alone does not run nextval), sometimes USAGE and UPDATE
        revoked from the sequence's own owner."""
        for _ in range(self.rng.randint(0, 2)):
            priv = self.rng.choice(["USAGE", "SELECT", "UPDATE", "ALL"])
            self.run(sql.SQL("GRANT {} ON SEQUENCE {} TO {}").format(
                sql.SQL(priv), ident, self.grantee()))
        if self.chance(0.25):
            grantee = self.grantee(include_public=False)
            self.run(sql.SQL("GRANT ALL ON SEQUENCE {} TO {}").format(ident, grantee))
            self.run(sql.SQL("REVOKE {} ON SEQUENCE {} FROM {}").format(
                sql.SQL(self.rng.choice(["USAGE, UPDATE", "USAGE", "UPDATE"])), ident, grantee))
        if self.chance(0.1):
            if owner is None:
                self.cur.execute("SELECT pg_get_userbyid(relowner) FROM pg_class "
                                 "WHERE oid = %s::regclass", (ident.as_string(self.cur),))
                owner = self.cur.fetchone()[0]
            self.run(sql.SQL("REVOKE USAGE, UPDATE ON SEQUENCE {} FROM {}").format(
                ident, sql.Identifier(owner)))

    # -- tables ----------------------------------------------------------------

    def make_tables(self):
        """1-4 tables per schema, then foreign keys among them."""
        for s in self.schemas:
            used = set()
            for i in range(self.rng.randint(1, 4)):
                tname = self.name("t%d" % i)
                if tname in used:
                    continue
                used.add(tname)
                self.make_table(s, tname)
        self.make_foreign_keys()
        self.make_shared_sequences()
        self.make_indexes()
        for t in self.tables:
            self.table_extras(t)

    def make_shared_sequences(self):
        """A sequence owned by a column of one table (its serial sequence, or
        one OWNED BY a column of its own that has no default) that another
        table's default calls with nextval, the two tables (often) with
        different owners: ALTER SEQUENCE ... RESTART then needs ownership of
        the first table's owner, and pg_get_serial_sequence of the second
        table's column finds nothing."""
        if len(self.tables) < 2 or not self.chance(0.4):
            return
        for _ in range(self.rng.randint(1, 2)):
            a, b = self.rng.sample(self.tables, 2)
            self.shared_count = getattr(self, "shared_count", 0) + 1
            aident = sql.Identifier(a["schema"], a["name"])
            self.cur.execute("SELECT pg_get_serial_sequence(%s, 'id')", (aident.as_string(self.cur),))
            serial = self.cur.fetchone()[0]
            owner = self.owner_of(a)
            if serial and self.chance(0.5):
                qident = sql.SQL(serial)
            else:
                qname = self.name("shared%d" % self.shared_count)
                qident = sql.Identifier(a["schema"], qname)
                col = "own%d" % self.shared_count
                self.run(sql.SQL("ALTER TABLE {} ADD COLUMN {} bigint").format(
                    aident, sql.Identifier(col)))
                a["cols"].append(col)
                self.run(sql.SQL("CREATE SEQUENCE {}").format(qident))
                self.run(sql.SQL("ALTER SEQUENCE {} OWNER TO {}").format(
                    qident, sql.Identifier(owner)))
                self.run(sql.SQL("ALTER SEQUENCE {} OWNED BY {}").format(
                    qident, sql.Identifier(a["schema"], a["name"], col)))
                self.sequence_grants(qident, owner)
            if self.owner_of(b) == owner and self.chance(0.8):
                others = [r for r in self.owners + self.groups + self.users if r != owner]
                self.set_owner("TABLE", sql.Identifier(b["schema"], b["name"]),
                               self.rng.choice(others))
            cname = "sh%d" % self.shared_count
            regclass = qident.as_string(self.cur)
            self.run(sql.SQL("ALTER TABLE {} ADD COLUMN {} bigint DEFAULT nextval({}::regclass)")
                     .format(sql.Identifier(b["schema"], b["name"]), sql.Identifier(cname),
                             sql.Literal(regclass)))
            b["cols"].append(cname)

    def make_indexes(self):
        """Indexes that back no constraint (init_tables creates them)."""
        for t in self.tables:
            if not self.chance(0.25):
                continue
            self.index_count = getattr(self, "index_count", 0) + 1
            col = self.rng.choice(t["cols"])
            unique = sql.SQL("UNIQUE " if col == "id" and self.chance(0.3) else "")
            self.run(sql.SQL("CREATE {}INDEX {} ON {} ({})").format(
                unique, sql.Identifier(self.name("ix%d" % self.index_count)),
                sql.Identifier(t["schema"], t["name"]), sql.Identifier(col)))

    def id_column(self, partitioned: bool):
        """The first column: serial, identity, a nextval default of a free
        sequence, or a plain integer."""
        kinds = ["serial", "plain", "bigserial"]
        if not partitioned:
            kinds += ["identity always", "identity default"]
        if self.free_sequences:
            kinds.append("free")
        kind = self.rng.choice(kinds)
        if kind == "serial":
            return sql.SQL("serial")
        if kind == "bigserial":
            return sql.SQL("bigserial")
        if kind == "identity always":
            return sql.SQL("integer GENERATED ALWAYS AS IDENTITY")
        if kind == "identity default":
            return sql.SQL("bigint GENERATED BY DEFAULT AS IDENTITY")
        if kind == "free":
            fs, fq = self.rng.choice(self.free_sequences)
            regclass = sql.Identifier(fs, fq).as_string(self.cur)
            return sql.SQL("bigint DEFAULT nextval({}::regclass)").format(sql.Literal(regclass))
        return sql.SQL("integer")

    def extra_column(self, cname: str, table_cols: List[str]):
        """A column definition: integer, text, boolean, an enum or a domain,
        sometimes NOT NULL, sometimes a CHECK (possibly calling a function),
        sometimes a second serial or a generated column."""
        roll = self.rng.random()
        ident = sql.Identifier(cname)
        if roll < 0.1:
            return sql.SQL("{} bigserial").format(ident), None
        if roll < 0.2 and table_cols:
            base = sql.Identifier(table_cols[0])
            if self.int_funcs and self.chance(0.6):
                fs, fn = self.rng.choice(self.int_funcs)
                expr = sql.SQL("{}({})").format(sql.Identifier(fs, fn), base)
            else:
                expr = sql.SQL("{} * 2").format(base)
            # 18's virtual generated columns (user-defined functions are not
            # allowed in them): computed when read, never written.
            virtual = self.major >= 18 and "(" not in expr.as_string(self.cur) and self.chance(0.5)
            return sql.SQL("{} bigint GENERATED ALWAYS AS ({}) " +
                           ("VIRTUAL" if virtual else "STORED")).format(ident, expr), None
        if roll < 0.35 and self.types:
            ts, tn, _ = self.rng.choice(self.types)
            return sql.SQL("{} {}").format(ident, sql.Identifier(ts, tn)), None
        if roll < 0.45:
            # A default that calls a function (EXECUTE often revoked): only a
            # DEFAULT runs it (column_defaults generate).
            if self.int_funcs and self.chance(0.5):
                fs, fn = self.rng.choice(self.int_funcs)
                return sql.SQL("{} integer DEFAULT {}(3)").format(
                    ident, sql.Identifier(fs, fn)), None
            fs, fn = self.rng.choice(self.bool_funcs)
            return sql.SQL("{} boolean DEFAULT {}(1)").format(ident, sql.Identifier(fs, fn)), None
        if roll < 0.5 and self.free_sequences:
            fs, fq = self.rng.choice(self.free_sequences)
            regclass = sql.Identifier(fs, fq).as_string(self.cur)
            return sql.SQL("{} bigint DEFAULT nextval({}::regclass)").format(
                ident, sql.Literal(regclass)), None
        typ = self.rng.choice(["integer", "integer", "text", "boolean"])
        parts = [sql.SQL("{} {}").format(ident, sql.SQL(typ))]
        if self.chance(0.3):
            parts.append(sql.SQL("NOT NULL"))
        if typ == "integer" and self.chance(0.4):
            if self.bool_funcs and self.chance(0.6):
                fs, fn = self.rng.choice(self.bool_funcs)
                parts.append(sql.SQL("CHECK ({}({}))").format(sql.Identifier(fs, fn), ident))
            else:
                parts.append(sql.SQL("CHECK ({} > 0)").format(ident))
            # 18's NOT ENFORCED: the CHECK calls nothing.
            if self.major >= 18 and self.chance(0.3):
                parts.append(sql.SQL("NOT ENFORCED"))
        return sql.SQL(" ").join(parts), (cname if typ == "integer" else None)

    def make_table(self, schema: str, tname: str):
        """One table: an id column (key most of the time), extra columns,
        sometimes partitioned by range on id; then owner and grants."""
        partitioned = self.chance(0.2)
        ident = sql.Identifier(schema, tname)
        cols = [sql.SQL("{} {}").format(sql.Identifier("id"), self.id_column(partitioned))]
        col_names = ["id"]
        int_cols = []
        for k in range(self.rng.randint(1, 3)):
            cname = self.name("c%d" % k)
            if cname in col_names:
                continue
            definition, int_col = self.extra_column(cname, int_cols)
            cols.append(definition)
            col_names.append(cname)
            if int_col:
                int_cols.append(int_col)
        key = self.rng.random()
        if key < 0.8:
            cols.append(sql.SQL("PRIMARY KEY ({})").format(sql.Identifier("id")))
        elif key < 0.9:
            cols.append(sql.SQL("UNIQUE ({})").format(sql.Identifier("id")))
        tail = sql.SQL(" PARTITION BY RANGE ({})").format(sql.Identifier("id")) \
            if partitioned else sql.SQL("")
        self.run(sql.SQL("CREATE TABLE {} ({}){}").format(ident, sql.SQL(", ").join(cols), tail))
        t = {"schema": schema, "name": tname, "keyed": key < 0.9, "partitioned": partitioned,
             "cols": col_names, "int_cols": int_cols, "partitions": []}
        if partitioned:
            self.make_partitions(t)
        self.set_owner("TABLE", ident, self.some_owner())
        self.tables.append(t)

    def make_partitions(self, t: dict):
        """Two range partitions (the oracle's rows go to the upper one, or to
        a DEFAULT partition, or nowhere), sometimes in another schema, with
        their own owner, CHECK constraints and grants."""
        parent = sql.Identifier(t["schema"], t["name"])
        bounds = [sql.SQL("FROM (MINVALUE) TO (1000)")]
        # Some partition always takes the oracle's rows: a row no partition
        # takes fails (23514) before RLS and CHECKs are looked at.
        if self.chance(0.6):
            bounds.append(sql.SQL("FROM (1000) TO (MAXVALUE)"))
        else:
            bounds.append(sql.SQL("DEFAULT"))
        for i, bound in enumerate(bounds):
            ps = self.rng.choice(self.schemas)
            self.partition_count = getattr(self, "partition_count", 0) + 1
            pname = ("part%d_" % self.partition_count) + t["name"][:40]
            pident = sql.Identifier(ps, pname)
            body = sql.SQL("DEFAULT") if bound.as_string(self.cur) == "DEFAULT" \
                else sql.SQL("FOR VALUES {}").format(bound)
            self.run(sql.SQL("CREATE TABLE {} PARTITION OF {} {}").format(pident, parent, body))
            if t["int_cols"] and self.bool_funcs and self.chance(0.3):
                fs, fn = self.rng.choice(self.bool_funcs)
                self.run(sql.SQL("ALTER TABLE {} ADD CHECK ({}({}))").format(
                    pident, sql.Identifier(fs, fn), sql.Identifier(t["int_cols"][0])))
            self.set_owner("TABLE", pident, self.some_owner())
            if self.chance(0.3):
                self.run(sql.SQL("GRANT {} ON TABLE {} TO {}").format(
                    sql.SQL(self.rng.choice(["ALL", "TRUNCATE", "SELECT, INSERT"])),
                    pident, self.grantee()))
            t["partitions"].append((ps, pname))

    def make_foreign_keys(self):
        """Foreign keys between keyed tables: across schemas, to itself,
        and back edges that close cycles."""
        keyed = [t for t in self.tables if t["keyed"]]
        if not keyed:
            return
        for t in self.tables:
            for k in range(self.rng.randint(0, 2)):
                if not self.chance(0.5):
                    continue
                target = t if (t["keyed"] and self.chance(0.2)) else self.rng.choice(keyed)
                if target["partitioned"] and t["partitioned"]:
                    continue
                cname = "fk%d" % k
                if self.chance(0.2):
                    cname += "\"x"
                ident = sql.Identifier(t["schema"], t["name"])
                notnull = sql.SQL(" NOT NULL") if (self.chance(0.15) and not t["partitioned"]) \
                    else sql.SQL("")
                # 18's NOT ENFORCED: no check as the referenced table's owner.
                enforced = sql.SQL(" NOT ENFORCED") if (self.major >= 18 and self.chance(0.3)) \
                    else sql.SQL("")
                self.run(sql.SQL("ALTER TABLE {} ADD COLUMN {} bigint{} REFERENCES {} ({}){}").format(
                    ident, sql.Identifier(cname), notnull,
                    sql.Identifier(target["schema"], target["name"]), sql.Identifier("id"),
                    enforced))
                t["cols"].append(cname)

    def table_extras(self, t: dict):
        """Rows, RLS and policies, triggers, grants, and revocations from
        the owner itself (foreign-key checks run as the referenced owner)."""
        ident = sql.Identifier(t["schema"], t["name"])
        self.load_rows(t, ident)
        if self.chance(0.35):
            self.make_rls(t, ident)
        if self.trigger_funcs and self.chance(0.3):
            self.make_trigger(t, ident)
        for _ in range(self.rng.randint(0, 4)):
            self.table_grant(t, ident)
        if self.chance(0.08):
            self.run(sql.SQL("REVOKE {} ON TABLE {} FROM {}").format(
                sql.SQL(self.rng.choice(["SELECT", "UPDATE", "ALL"])), ident,
                sql.Identifier(self.owner_of(t))))
        self.grant_table_sequences(ident)

    def owner_of(self, t: dict) -> str:
        self.cur.execute("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = %s::regclass",
                         (sql.Identifier(t["schema"], t["name"]).as_string(self.cur),))
        return self.cur.fetchone()[0]

    def load_rows(self, t: dict, ident):
        """Two rows with small keys, loaded with triggers and foreign keys off
        (replication role), so reads and updates have something to see."""
        if t["partitioned"] or not self.chance(0.6):
            return
        self.run("SET session_replication_role = replica")
        try:
            self.cur.execute("SAVEPOINT load")
            for i in (1, 2):
                self.cur.execute(sql.SQL("INSERT INTO {} ({}) OVERRIDING SYSTEM VALUE "
                                         "SELECT {}").format(
                    ident, sql.Identifier("id"), sql.Literal(i)))
            self.cur.execute("RELEASE SAVEPOINT load")
        except psycopg2.Error:
            self.cur.execute("ROLLBACK TO SAVEPOINT load")
        finally:
            self.run("SET session_replication_role = origin")

    def make_rls(self, t: dict, ident):
        """RLS enabled (sometimes forced) with 0-3 policies: permissive or
        restrictive, for various commands and roles, with expressions that are
        constant, data dependent or call a (maybe revoked) function."""
        self.run(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(ident))
        if self.chance(0.3):
            self.run(sql.SQL("ALTER TABLE {} FORCE ROW LEVEL SECURITY").format(ident))
        for i in range(self.rng.randint(0, 3)):
            kind = "RESTRICTIVE" if self.chance(0.25) else "PERMISSIVE"
            cmd = self.rng.choice(["ALL", "ALL", "SELECT", "INSERT", "UPDATE"])
            role = self.grantee()
            parts = [sql.SQL("CREATE POLICY {} ON {} AS {} FOR {} TO {}").format(
                sql.Identifier(self.name("pol%d" % i)), ident, sql.SQL(kind), sql.SQL(cmd), role)]
            if cmd != "INSERT":
                parts.append(sql.SQL("USING ({})").format(self.policy_expr()))
            if cmd in ("INSERT", "UPDATE", "ALL") and (cmd == "INSERT" or self.chance(0.4)):
                parts.append(sql.SQL("WITH CHECK ({})").format(self.policy_expr()))
            self.run(sql.SQL(" ").join(parts))

    def policy_expr(self):
        roll = self.rng.random()
        if roll < 0.35:
            return sql.SQL("true")
        if roll < 0.45:
            return sql.SQL("false")
        if roll < 0.75 and self.bool_funcs:
            fs, fn = self.rng.choice(self.bool_funcs)
            return sql.SQL("{}(({})::integer)").format(sql.Identifier(fs, fn), sql.Identifier("id"))
        return sql.SQL("{} > 0").format(sql.Identifier("id"))

    def make_trigger(self, t: dict, ident):
        fs, fn = self.rng.choice(self.trigger_funcs)
        if self.chance(0.7):
            timing = sql.SQL("BEFORE INSERT OR UPDATE ON {} FOR EACH ROW").format(ident)
        else:
            timing = sql.SQL("BEFORE TRUNCATE ON {} FOR EACH STATEMENT").format(ident)
        self.trigger_count = getattr(self, "trigger_count", 0) + 1
        trig = self.name("tg%d" % self.trigger_count)
        self.run(sql.SQL("CREATE TRIGGER {} {} EXECUTE FUNCTION {}()").format(
            sql.Identifier(trig), timing, sql.Identifier(fs, fn)))
        if self.chance(0.2):
            self.run(sql.SQL("ALTER TABLE {} DISABLE TRIGGER {}").format(ident, sql.Identifier(trig)))

    def table_grant(self, t: dict, ident):
        """A table-level or column-level grant to a random grantee."""
        grantee = self.grantee()
        if self.chance(0.35):
            cols = self.rng.sample(t["cols"], self.rng.randint(1, len(t["cols"])))
            priv = self.rng.choice(["SELECT", "INSERT", "UPDATE"])
            self.run(sql.SQL("GRANT {} ({}) ON TABLE {} TO {}").format(
                sql.SQL(priv), sql.SQL(", ").join(sql.Identifier(c) for c in cols), ident, grantee))
            return
        privs = self.rng.sample(["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"],
                                self.rng.randint(1, 5))
        if self.chance(0.2):
            privs = ["ALL"]
        self.run(sql.SQL("GRANT {} ON TABLE {} TO {}").format(
            sql.SQL(", ").join(sql.SQL(p) for p in privs), ident, grantee))

    def grant_table_sequences(self, ident):
        """Random grants on the sequences the table's columns own."""
        self.cur.execute("SELECT d.objid::regclass::text FROM pg_depend d "
                         "JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' "
                         "WHERE d.refobjid = %s::regclass AND d.deptype IN ('a', 'i') ORDER BY 1",
                         (ident.as_string(self.cur),))
        for (seq,) in self.cur.fetchall():
            if self.chance(0.5):
                self.run(sql.SQL("GRANT {} ON SEQUENCE {} TO {}").format(
                    sql.SQL(self.rng.choice(["USAGE", "SELECT", "UPDATE", "ALL"])),
                    sql.SQL(seq), self.grantee()))
            self.sequence_grants(sql.SQL(seq))

    # -- the whole configuration -----------------------------------------------

    def build(self):
        """Creates everything; returns the roles a test may use."""
        self.make_roles()
        self.make_database_grants()
        self.make_language_grants()
        self.make_schemas()
        self.make_functions()
        self.make_types()
        self.make_free_sequences()
        self.make_tables()
        self.make_touching_triggers()

    def make_touching_triggers(self):
        """A trigger function that reads another table, so its triggers need
        privileges the check cannot see (it warns), on a few tables."""
        if not (self.tables and self.chance(0.3)):
            return
        s = self.rng.choice(self.schemas)
        fname = self.name("trg_reads")
        other = self.rng.choice(self.tables)
        body = sql.SQL("BEGIN PERFORM 1 FROM {} LIMIT 1; RETURN NEW; END").format(
            sql.Identifier(other["schema"], other["name"])).as_string(self.cur)
        self.run(sql.SQL("CREATE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS {}")
                 .format(sql.Identifier(s, fname), sql.Literal(body)))
        self.trigger_funcs = [(s, fname)]
        for t in self.tables:
            if self.chance(0.3):
                self.make_trigger(t, sql.Identifier(t["schema"], t["name"]))

    def test_roles(self) -> List[str]:
        """The roles to test: one or two users, sometimes a group or owner."""
        picks = [self.rng.choice(self.users)]
        if self.chance(0.5):
            picks.append(self.rng.choice(self.users + self.groups + self.owners))
        out = []
        for p in picks:
            if p not in out:
                out.append(p)
        return out

    def scope_choices(self) -> List[Optional[List[str]]]:
        """The schemas argument: NULL (every non-system schema) or a subset."""
        if self.chance(0.35):
            return [None]
        k = self.rng.randint(1, len(self.schemas))
        return [sorted(self.rng.sample(self.schemas, k))]


# --------------------------------------------------------------------------
# What is in the database: read back from the catalog
# --------------------------------------------------------------------------

@dataclass
class Column:
    name: str
    type_sql: str          # format_type(), re-parsable
    type_oid: int
    generated: bool
    identity: str          # '', 'a', 'd'
    notnull: bool
    has_default: bool = False  # a pg_attrdef default (not a generation expression)
    # Sequences its default references (nextval): (schema, name, oid).
    default_seqs: List[Tuple[str, str, int]] = field(default_factory=list)
    # Sequences linked to it by pg_depend: (schema, name, oid, deptype 'a' or 'i').
    owned_seqs: List[Tuple[str, str, int, str]] = field(default_factory=list)
    value: object = None   # what the oracle writes into it
    fixture: object = None  # its value in the committed fixture row

    def sent_default(self, mode: str) -> bool:
        """Whether the job sends DEFAULT for it: column_defaults generate
        sends every column with a default, identity and generated ones."""
        return mode == "generate" and (self.has_default or self.identity != "" or self.generated)

    def resets(self) -> bool:
        """An identity column, or one whose default calls nextval: the
        reset-sequences step sets its sequence after the load."""
        return self.identity != "" or bool(self.default_seqs)


@dataclass
class Table:
    oid: int
    schema: str
    name: str
    kind: str
    columns: List[Column]
    key: List[str]                     # conflict key: primary key, else first unique
    pk: List[str]
    fks: List[Tuple[List[str], int]]   # (columns, referenced table oid)
    partitions: List[int]              # every partition below, recursively
    sequences: List[Tuple[str, str, int, Optional[str]]]  # (schema, name, oid, owning column)
    referenced_by: List[int]           # tables whose foreign keys reference this (or its partitions)
    constraints: List[Tuple[str, str, str]] = field(default_factory=list)  # name, contype, def
    indexes: List[Tuple[str, str]] = field(default_factory=list)  # name, def (all of them)
    # (name, definition, tgtype, enabled) of its triggers (not internal ones)
    triggers: List[Tuple[str, str, int, bool]] = field(default_factory=list)
    # (schema, name, typtype, what CREATE TYPE/DOMAIN says after AS) of its column types
    types: List[Tuple[str, str, str, str]] = field(default_factory=list)
    objects: set = field(default_factory=set)  # check-row keys that concern this table

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


class Catalog:
    """The tables, columns, keys, sequences and dependencies the job sees,
    read from pg_catalog as the superuser. It is read independently of the
    generator so that whatever the generator made, the job model decides."""

    def __init__(self, cur, schemas: Optional[List[str]], details: bool = True):
        self.cur = cur
        self.scope = self.scope_schemas(schemas)
        self.all_tables: Dict[int, dict] = {}
        self.tables: List[Table] = []
        self.policy_cache: Dict[int, set] = {}
        self.load(details)

    def scope_schemas(self, schemas: Optional[List[str]]) -> List[str]:
        """Schemas in scope: those given, or all but system schemas and the
        extension's own."""
        if schemas is not None:
            return list(schemas)
        self.cur.execute(
            "SELECT nspname FROM pg_namespace n WHERE nspname NOT IN "
            "('pg_catalog', 'information_schema') AND nspname !~ '^pg_(toast|temp_|toast_temp_)' "
            "AND NOT EXISTS (SELECT 1 FROM pg_extension e WHERE e.extnamespace = n.oid "
            "AND e.extname = 'pg_preflight') ORDER BY 1")
        return [r[0] for r in self.cur.fetchall()]

    def q(self, query: str, params=None):
        self.cur.execute(query, params)
        return self.cur.fetchall()

    def load(self, details: bool):
        for oid, nsp, rel, kind, ispart in self.q(
                "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relispartition FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
                " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                " AND n.nspname !~ '^pg_toast'"):
            self.all_tables[oid] = {"schema": nsp, "name": rel, "kind": kind, "ispart": ispart}
        children = {}
        for child, parent in self.q("SELECT inhrelid, inhparent FROM pg_inherits"):
            children.setdefault(parent, []).append(child)
        self.children = children
        scope = set(self.scope)
        for oid in sorted(self.all_tables, key=lambda o: (self.all_tables[o]["schema"],
                                                          self.all_tables[o]["name"])):
            info = self.all_tables[oid]
            if details and info["schema"] in scope and not info["ispart"]:
                self.tables.append(self.load_table(oid))
        for t in self.tables:
            t.objects = self.objects_of(t)

    def descendants(self, oid: int) -> List[int]:
        out, todo = [], list(self.children.get(oid, []))
        while todo:
            c = todo.pop(0)
            out.append(c)
            todo.extend(self.children.get(c, []))
        return out

    def load_table(self, oid: int) -> Table:
        info = self.all_tables[oid]
        by_num: Dict[int, Column] = {}
        cols = []
        for num, n, ty, tyo, gen, ident, nn, hasdef in self.q(
                "SELECT attnum, attname, format_type(atttypid, atttypmod), atttypid, attgenerated, "
                "attidentity, attnotnull, atthasdef FROM pg_attribute WHERE attrelid = %s "
                "AND attnum > 0 AND NOT attisdropped ORDER BY attnum", (oid,)):
            c = Column(n, ty, tyo, gen != "", ident, nn, has_default=hasdef and gen == "")
            by_num[num] = c
            cols.append(c)
        for num, s, n, o in self.q(
                "SELECT a.adnum, n.nspname, s.relname, s.oid FROM pg_attrdef a "
                "JOIN pg_depend d ON d.classid = 'pg_attrdef'::regclass AND d.objid = a.oid "
                "AND d.refclassid = 'pg_class'::regclass JOIN pg_class s ON s.oid = d.refobjid "
                "AND s.relkind = 'S' JOIN pg_namespace n ON n.oid = s.relnamespace "
                "WHERE a.adrelid = %s ORDER BY 1, 2, 3", (oid,)):
            by_num[num].default_seqs.append((s, n, o))
        for num, s, n, o, dep in self.q(
                "SELECT d.refobjsubid, n.nspname, s.relname, s.oid, d.deptype FROM pg_depend d "
                "JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' "
                "JOIN pg_namespace n ON n.oid = s.relnamespace "
                "WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass "
                "AND d.refobjid = %s AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i') "
                "ORDER BY 1, 2, 3", (oid,)):
            by_num[num].owned_seqs.append((s, n, o, dep))
        keys = self.q(
            "SELECT contype, ARRAY(SELECT attname FROM unnest(conkey) WITH ORDINALITY k(n, i) "
            "JOIN pg_attribute a ON a.attrelid = conrelid AND a.attnum = k.n ORDER BY i)::text[] "
            "FROM pg_constraint WHERE conrelid = %s AND contype IN ('p', 'u') "
            "ORDER BY contype, conname", (oid,))
        pk = next((k for c, k in keys if c == "p"), [])
        key = pk or next((k for c, k in keys if c == "u"), [])
        fks = [(cols_, ref) for cols_, ref in self.q(
            "SELECT ARRAY(SELECT attname FROM unnest(conkey) WITH ORDINALITY k(n, i) "
            "JOIN pg_attribute a ON a.attrelid = conrelid AND a.attnum = k.n ORDER BY i)::text[],"
            " confrelid FROM pg_constraint WHERE conrelid = %s AND contype = 'f' "
            "AND conparentid = 0 ORDER BY conname", (oid,))]
        # Every sequence the table uses, once: owned by (linked to) one of
        # its columns, or called by a default (then perhaps owned elsewhere).
        seqs: Dict[int, Tuple[str, str, int, Optional[str]]] = {}
        for c in cols:
            for s, n, o, _ in c.owned_seqs:
                seqs[o] = (s, n, o, c.name)
        for c in cols:
            for s, n, o in c.default_seqs:
                seqs.setdefault(o, (s, n, o, None))
        parts = self.descendants(oid)
        family = [oid] + parts
        refby = [r for (r,) in self.q(
            "SELECT DISTINCT conrelid FROM pg_constraint WHERE contype = 'f' "
            "AND confrelid = ANY(%s) ORDER BY 1", (family,))]
        t = Table(oid, info["schema"], info["name"], info["kind"], cols, key, pk, fks, parts,
                  sorted(seqs.values()), refby)
        t.constraints = self.q(
            "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s AND conparentid = 0 ORDER BY conname", (oid,))
        t.indexes = self.q(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s ORDER BY 1", (oid,))
        t.triggers = self.q(
            "SELECT tgname, pg_get_triggerdef(oid), tgtype, tgenabled <> 'D' FROM pg_trigger "
            "WHERE tgrelid = %s AND NOT tgisinternal ORDER BY 1", (oid,))
        t.types = [(s, n, k, self.type_body(k, body)) for s, n, k, body in self.q(
            "SELECT DISTINCT n.nspname, y.typname, y.typtype, CASE y.typtype WHEN 'e' THEN "
            "ARRAY(SELECT enumlabel::text FROM pg_enum WHERE enumtypid = y.oid "
            "ORDER BY enumsortorder) ELSE ARRAY[format_type(y.typbasetype, y.typtypmod)] END "
            "FROM pg_attribute a JOIN pg_type y ON y.oid = a.atttypid "
            "JOIN pg_namespace n ON n.oid = y.typnamespace "
            "WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped "
            "AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2", (oid,))]
        return t

    def policy_functions(self, oid: int) -> set:
        """Keys of the functions the table's RLS policies call."""
        if oid not in self.policy_cache:
            self.policy_cache[oid] = {("function", s, n) for s, n in self.q(
                "SELECT DISTINCT n.nspname, p.proname || '(' || "
                "pg_get_function_identity_arguments(p.oid) || ')' FROM pg_depend d "
                "JOIN pg_proc p ON p.oid = d.refobjid JOIN pg_namespace n "
                "ON n.oid = p.pronamespace WHERE d.refclassid = 'pg_proc'::regclass "
                "AND d.classid = 'pg_policy'::regclass AND d.objid IN "
                "(SELECT oid FROM pg_policy WHERE polrelid = %s)", (oid,))}
        return self.policy_cache[oid]

    def type_body(self, kind: str, body: List[str]) -> str:
        """What CREATE TYPE (an enum) or CREATE DOMAIN says after AS."""
        if kind == "e":
            return "ENUM (%s)" % ", ".join(sql.Literal(v).as_string(self.cur) for v in body)
        return body[0]

    def owned_sequences(self, oids: Sequence[int]) -> set:
        """Keys of the sequences linked to the relations' columns (serial,
        OWNED BY, identity): what TRUNCATE ... RESTART IDENTITY restarts."""
        return {k for s, n in self.q(
            "SELECT n.nspname, s.relname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid "
            "JOIN pg_namespace n ON n.oid = s.relnamespace WHERE s.relkind = 'S' "
            "AND d.classid = 'pg_class'::regclass AND d.refobjid = ANY(%s) "
            "AND d.deptype IN ('a', 'i')", (list(oids),))
            for k in (("sequence", s, n), ("schema", s, s))}

    def functions_of(self, rels: Sequence[int], type_oids: Sequence[int]) -> set:
        """Functions the relations' policies, constraints, defaults and
        generated columns call, and their column types' domain checks."""
        rows = self.q(
            "SELECT DISTINCT n.nspname, p.proname || '(' || "
            "pg_get_function_identity_arguments(p.oid) || ')' FROM pg_depend d "
            "JOIN pg_proc p ON p.oid = d.refobjid JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE d.refclassid = 'pg_proc'::regclass AND n.nspname <> 'pg_catalog' AND ("
            " (d.classid = 'pg_policy'::regclass AND d.objid IN "
            "   (SELECT oid FROM pg_policy WHERE polrelid = ANY(%s))) OR"
            " (d.classid = 'pg_constraint'::regclass AND d.objid IN "
            "   (SELECT oid FROM pg_constraint WHERE conrelid = ANY(%s) OR contypid = ANY(%s))) OR"
            " (d.classid = 'pg_attrdef'::regclass AND d.objid IN "
            "   (SELECT oid FROM pg_attrdef WHERE adrelid = ANY(%s))) OR"
            " (d.classid = 'pg_trigger'::regclass AND d.objid IN "
            "   (SELECT oid FROM pg_trigger WHERE tgrelid = ANY(%s))) OR"
            " (d.classid = 'pg_class'::regclass AND d.objid = ANY(%s)))",
            (list(rels), list(rels), list(type_oids), list(rels), list(rels), list(rels)))
        return {("function", s, n) for s, n in rows}

    def objects_of(self, t: Table) -> set:
        """Every check-row key that concerns a statement on t: the table, its
        partitions, the tables it references and that reference it, their
        schemas, sequences, functions, triggers and column types."""
        rels = [t.oid] + t.partitions + [ref for _, ref in t.fks] + t.referenced_by
        for r in list(rels):
            rels.extend(self.descendants(r))
        rels = sorted(set(rels))
        objs = set()
        for r in rels:
            info = self.all_tables[r]
            objs.add(("table", info["schema"], info["name"]))
            objs.add(("schema", info["schema"], info["schema"]))
        for r in t.referenced_by:
            objs |= {("sequence", s, n) for s, n, _, _ in self.table_by_oid(r).sequences} \
                if self.table_by_oid(r) else set()
        for s, n, _, _ in t.sequences:
            objs.add(("sequence", s, n))
            objs.add(("schema", s, s))
        types = self.q("SELECT DISTINCT a.atttypid, n.nspname, ty.typname, "
                       "COALESCE(NULLIF(ty.typbasetype, 0), ty.oid) FROM pg_attribute a "
                       "JOIN pg_type ty ON ty.oid = a.atttypid JOIN pg_namespace n "
                       "ON n.oid = ty.typnamespace WHERE a.attrelid = ANY(%s) AND a.attnum > 0 "
                       "AND n.nspname <> 'pg_catalog'", (rels,))
        for _, s, n, _ in types:
            objs.add(("type", s, n))
            objs.add(("schema", s, s))
        objs |= self.functions_of(rels, [o for o, _, _, _ in types])
        for s, n in self.q("SELECT n.nspname, c.relname || '.' || g.tgname FROM pg_trigger g "
                           "JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n "
                           "ON n.oid = c.relnamespace WHERE g.tgrelid = ANY(%s) "
                           "AND NOT g.tgisinternal", (rels,)):
            objs.add(("trigger", s, n))
        return objs

    def table_by_oid(self, oid: int) -> Optional[Table]:
        return next((t for t in self.tables if t.oid == oid), None)

    def any_table(self, oid: int) -> Table:
        """A table in scope or not (a referenced table may be outside)."""
        t = self.table_by_oid(oid)
        if t is None:
            t = self.load_table(oid)
            for c in t.columns:
                c.value = self.value_for(c)
        return t

    def parent_rows(self, t: Table) -> List[Tuple[object, tuple]]:
        """Superuser inserts of the rows t's foreign keys point at. A job
        loads parents before children, so the foreign-key checks find their
        rows; without them a 23503 of one foreign key would hide the 42501 of
        another checked after it."""
        out = []
        for _, ref in t.fks:
            if ref != t.oid:
                out.append(insert_statement(self.any_table(ref)))
        return out

    def value_for(self, col: Column, number: int = INT_VALUE):
        """A value that passes the generator's CHECKs and domains: a
        positive integer, a text, true, or an enum's first label."""
        self.cur.execute("SELECT t.typtype, t.typcategory, COALESCE(NULLIF(t.typbasetype, 0), "
                         "t.oid), (SELECT enumlabel FROM pg_enum WHERE enumtypid = t.oid "
                         "ORDER BY enumsortorder LIMIT 1) FROM pg_type t WHERE t.oid = %s",
                         (col.type_oid,))
        typtype, cat, _, label = self.cur.fetchone()
        if typtype == "e":
            return label
        if cat == "N":
            return number
        if cat == "B":
            return True
        return "v%d" % number

    def assign_values(self):
        for t in self.tables:
            for c in t.columns:
                c.value = self.value_for(c)
                c.fixture = self.fixture_value(t, c)

    def fixture_value(self, t: Table, col: Column):
        """The fixture row's value: foreign keys NULL where they may be
        (so that setting them is a change), the fixture key elsewhere."""
        if not col.notnull and any(col.name in cols for cols, _ in t.fks):
            return None
        return self.value_for(col, FIXTURE_VALUE)

    def load_fixtures(self):
        """Inserts the fixture row into every ordinary and partitioned table
        (not partitions: rows reach them through the parent), as the
        superuser with triggers and foreign keys off (replication role)."""
        self.cur.execute("SET session_replication_role = replica")
        for oid, info in self.all_tables.items():
            if info["ispart"]:
                continue
            t = self.load_table(oid)
            for c in t.columns:
                c.fixture = self.fixture_value(t, c)
            cols = written(t)
            self.cur.execute("SAVEPOINT fixture")
            try:
                self.cur.execute(sql.SQL("INSERT INTO {} ({}) OVERRIDING SYSTEM VALUE VALUES ({})")
                                 .format(qualified(t.schema, t.name), column_list(cols),
                                         placeholders(len(cols))),
                                 tuple(c.fixture for c in cols))
                self.cur.execute("RELEASE SAVEPOINT fixture")
            except psycopg2.Error:
                self.cur.execute("ROLLBACK TO SAVEPOINT fixture")
        self.cur.execute("SET session_replication_role = origin")

    def fk_cycles(self) -> List[List[Table]]:
        """Strongly connected components of the foreign-key graph among the
        tables in scope that have more than one table or a self-reference:
        the tables whose keys a job must fix up after loading."""
        index = {t.oid: t for t in self.tables}
        edges = {t.oid: [ref for _, ref in t.fks if ref in index] for t in self.tables}
        reach = {o: self.reachable(o, edges) for o in index}
        cycles, seen = [], set()
        for t in self.tables:
            if t.oid in seen:
                continue
            comp = [o for o in index if o in reach[t.oid] and t.oid in reach[o]]
            if t.oid not in comp:
                comp.append(t.oid)
            seen.update(comp)
            if len(comp) > 1 or t.oid in edges[t.oid]:
                cycles.append([index[o] for o in comp])
        return cycles

    @staticmethod
    def reachable(start: int, edges: Dict[int, List[int]]) -> set:
        out, todo = set(), list(edges[start])
        while todo:
            o = todo.pop()
            if o in out:
                continue
            out.add(o)
            todo.extend(edges.get(o, []))
        return out


# --------------------------------------------------------------------------
# The job's statements
# --------------------------------------------------------------------------

@dataclass
class Statement:
    """One statement of one job step, as the job runs it."""
    step: str
    label: str                       # a short human name ("INSERT "s"."t"")
    query: object                    # sql.Composable, or None for connect
    params: tuple = ()
    objects: FrozenSet = frozenset()  # check-row keys that concern it
    setup: List = field(default_factory=list)  # superuser statements run before SET ROLE

    def text(self, cur) -> str:
        if self.query is None:
            return self.label
        try:
            return cur.mogrify(self.query, self.params).decode("utf-8", "replace")
        except Exception:
            return self.label


@dataclass
class Outcome:
    denied: bool
    sqlstate: Optional[str]
    message: str


@dataclass
class Job:
    role: str
    job: str
    schemas: Optional[List[str]]
    options: dict

    def describe(self) -> str:
        return "role=%s job=%s schemas=%s options=%s" % (
            self.role, self.job, json.dumps(self.schemas, ensure_ascii=False),
            json.dumps(self.options))

    def opt(self, key: str):
        defaults = SOURCE_DEFAULTS if self.job == "source" else DESTINATION_DEFAULTS
        return self.options.get(key, defaults[key])

    def steps(self) -> List[str]:
        if self.job == "source":
            return [CONNECT, READ] + ([READ_SEQ] if self.opt("read_sequences") else [])
        out = [CONNECT]
        if self.opt("create_schemas"):
            out.append(CREATE_SCHEMAS)
        if self.opt("init_tables"):
            out.append(CREATE_TABLES)
        if self.opt("truncate"):
            out.append(TRUNCATE)
        out.append(WRITE)
        if self.opt("on_conflict") != "none":
            out.append(UPSERT)
        if self.opt("update_foreign_keys"):
            out.append(FIX_FK)
        if self.opt("reset_sequences"):
            out.append(RESET_SEQ)
        return out

    def client_flags(self) -> List[str]:
        """The options as the client's command line takes them."""
        out: List[str] = []
        for key in sorted(self.options):
            out += CLIENT_FLAGS[key](self.options[key])
        return out


# Each option's flags of the pg_preflight client (pg_preflight --help).
CLIENT_FLAGS = {
    "read_sequences": lambda v: ["--read-sequences"] if v else [],
    "column_defaults": lambda v: ["--column-defaults", v],
    "on_conflict": lambda v: ["--on-conflict", v],
    "update_foreign_keys": lambda v: [] if v else ["--no-update-foreign-keys"],
    "truncate": lambda v: ["--truncate"] if v else [],
    "truncate_cascade": lambda v: ["--truncate-cascade"] if v else [],
    "reset_sequences": lambda v: [] if v else ["--no-reset-sequences"],
    "create_schemas": lambda v: ["--create-schemas"] if v else [],
    "init_tables": lambda v: ["--init-tables"] if v else [],
}

UNIVERSAL = ("*",)
# TRIGGER_TYPE_TRUNCATE of pg_trigger.tgtype.
TRIGGER_TRUNCATE = 1 << 5


def qualified(schema: str, name: str):
    return sql.Identifier(schema, name)


def column_list(cols: Sequence[Column]):
    return sql.SQL(", ").join(sql.Identifier(c.name) for c in cols)


def placeholders(n: int):
    return sql.SQL(", ").join(sql.Placeholder() * n)


def written(t: Table) -> List[Column]:
    return [c for c in t.columns if not c.generated]


def insert_statement(t: Table):
    """The superuser's insert of a row with every value (setup rows)."""
    cols = written(t)
    return (sql.SQL("INSERT INTO {} ({}) OVERRIDING SYSTEM VALUE VALUES ({})").format(
        qualified(t.schema, t.name), column_list(cols), placeholders(len(cols))),
        tuple(c.value for c in cols))


def job_insert(t: Table, mode: str):
    """INSERT INTO "s"."t" ("a", ...) [OVERRIDING SYSTEM VALUE] VALUES (...)
    as the job writes a row. copy: every non-generated column gets a value,
    OVERRIDING SYSTEM VALUE when a GENERATED ALWAYS identity column is one
    of them. generate: every column is listed; those with a default,
    identity and generated columns get DEFAULT. Returns the query, its
    parameters and the columns listed."""
    cols = list(t.columns) if mode == "generate" else written(t)
    items, params = [], []
    for c in cols:
        if c.sent_default(mode):
            items.append(sql.SQL("DEFAULT"))
        else:
            items.append(sql.Placeholder())
            params.append(c.value)
    overriding = any(c.identity == "a" and not c.sent_default(mode) for c in cols)
    q = sql.SQL("INSERT INTO {} ({}){} VALUES ({})").format(
        qualified(t.schema, t.name), column_list(cols),
        sql.SQL(" OVERRIDING SYSTEM VALUE" if overriding else ""), sql.SQL(", ").join(items))
    return q, tuple(params), cols


def seq_keys(seqs) -> set:
    """Check-row keys of sequences given as (schema, name, ...) tuples, with
    their schemas."""
    out = set()
    for q in seqs:
        out.add(("sequence", q[0], q[1]))
        out.add(("schema", q[0], q[0]))
    return out


class StatementBuilder:
    """Turns the job model of JOBS.md into statements for one job."""

    def __init__(self, catalog: Catalog, job: Job, dbname: str):
        self.cat = catalog
        self.job = job
        self.dbname = dbname
        self.mode = job.opt("column_defaults") if job.job == "destination" else "copy"

    def build(self) -> List[Statement]:
        out = []
        for step in self.job.steps():
            out.extend(getattr(self, "step_" + step.replace(" ", "_"))())
        return out

    def tobj(self, t: Table) -> FrozenSet:
        return frozenset(t.objects)

    def literal(self, value) -> str:
        return sql.Literal(value).as_string(self.cat.cur)

    def ident(self, *names) -> str:
        return sql.Identifier(*names).as_string(self.cat.cur)

    # -- source ----------------------------------------------------------------

    def step_connect(self):
        return [Statement(CONNECT, "connect to %s" % self.dbname, None,
                          objects=frozenset({("database", None, self.dbname)}))]

    def step_read(self):
        """SELECT "t"."c1", ... FROM "s"."t" AS "t" ORDER BY "t"."pk" ASC
        LIMIT 100000: the first page of Neosync's select-query-builder."""
        out = []
        for t in self.cat.tables:
            q = sql.SQL("SELECT {} FROM {} AS {}").format(
                sql.SQL(", ").join(sql.Identifier(t.name, c.name) for c in t.columns),
                qualified(t.schema, t.name), sql.Identifier(t.name))
            if READ_ORDER_LIMIT:
                if t.pk:
                    q = sql.SQL("{} ORDER BY {}").format(q, sql.SQL(", ").join(
                        sql.SQL("{} ASC").format(sql.Identifier(t.name, k)) for k in t.pk))
                q = sql.SQL("{} LIMIT 100000").format(q)
            out.append(Statement(READ, "SELECT %s.%s" % (t.schema, t.name), q,
                                 objects=self.tobj(t)))
        return out

    def scope_sequences(self) -> List[Tuple[str, str, Table]]:
        """Sequences in scope, once each: defaults' nextval, identity and
        owned sequences of the tables in scope."""
        seen, out = set(), []
        for t in self.cat.tables:
            for s, n, o, _ in t.sequences:
                if o not in seen:
                    seen.add(o)
                    out.append((s, n, t))
        return out

    def step_read_sequences(self):
        return [Statement(READ_SEQ, "SELECT last_value FROM %s.%s" % (s, n),
                          sql.SQL("SELECT last_value, is_called FROM {}").format(qualified(s, n)),
                          objects=frozenset(seq_keys([(s, n)])))
                for s, n, _ in self.scope_sequences()]

    # -- destination: before the load ----------------------------------------

    def step_create_schemas(self):
        return [Statement(CREATE_SCHEMAS, "CREATE SCHEMA %s" % s,
                          sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(s)),
                          objects=frozenset({("schema", s, s), ("database", None, self.dbname)}))
                for s in self.cat.scope]

    def step_create_tables(self):
        """init_tables on a destination whose tables exist, in Neosync's
        order: CREATE SCHEMA IF NOT EXISTS for the tables' and their column
        types' schemas; CREATE TABLE IF NOT EXISTS (PostgreSQL checks CREATE
        on the schema, then finds the table and stops); a guarded DO block
        per constraint, index and trigger (the body never runs: it needs
        USAGE on plpgsql, and the regclass cast USAGE on the schema); then,
        unguarded, ALTER SEQUENCE ... OWNED BY for every linked sequence."""
        out = []
        schemas: List[str] = []
        for t in self.cat.tables:
            for s in [t.schema] + [ts for ts, _, _, _ in t.types]:
                if s not in schemas:
                    schemas.append(s)
        for s in schemas:
            out.append(Statement(CREATE_TABLES, "CREATE SCHEMA %s" % s,
                                 sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(
                                     sql.Identifier(s)),
                                 objects=frozenset({("schema", s, s),
                                                    ("database", None, self.dbname)})))
        out += self.type_blocks() + self.sequence_blocks()
        for t in self.cat.tables:
            cols = sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(c.name),
                                                               sql.SQL(c.type_sql))
                                      for c in t.columns)
            objs = {("table", t.schema, t.name), ("schema", t.schema, t.schema)}
            objs |= {k for ts, tn, _, _ in t.types for k in (("type", ts, tn), ("schema", ts, ts))}
            out.append(Statement(CREATE_TABLES, "CREATE TABLE %s.%s" % (t.schema, t.name),
                                 sql.SQL("CREATE TABLE IF NOT EXISTS {} ({})").format(
                                     qualified(t.schema, t.name), cols),
                                 objects=frozenset(objs)))
        for foreign in (False, True):
            for t in self.cat.tables:
                out.extend(self.table_blocks(t, foreign))
        for t in self.cat.tables:
            for c in t.columns:
                for s, n, _, dep in c.owned_seqs:
                    if dep == "a" or (dep == "i" and OWNED_BY_IDENTITY):
                        objs = seq_keys([(s, n)]) | {("table", t.schema, t.name),
                                                     ("schema", t.schema, t.schema)}
                        out.append(Statement(
                            CREATE_TABLES, "ALTER SEQUENCE %s.%s OWNED BY" % (s, n),
                            sql.SQL("ALTER SEQUENCE {} OWNED BY {}").format(
                                qualified(s, n), sql.Identifier(t.schema, t.name, c.name)),
                            objects=frozenset(objs)))
        return out

    def guarded(self, guard: str, body: str) -> sql.Composable:
        """DO $$ BEGIN IF NOT EXISTS (guard) THEN body; END IF; END $$, as
        Neosync wraps what init_tables creates (its guards look objects up
        by name in pg_catalog: no regclass cast, no schema USAGE)."""
        text = "BEGIN IF NOT EXISTS (%s) THEN %s; END IF; END" % (guard, body)
        tag = "$$" if "$$" not in text else "$orc_guard$"
        return sql.SQL("DO %s %s %s" % (tag, text, tag))

    def do_block(self, label: str, guard: str, body: str, key) -> Statement:
        return Statement(CREATE_TABLES, "DO " + label, self.guarded(guard, body),
                         objects=frozenset({("language", None, "plpgsql"), key}))

    def type_blocks(self) -> List[Statement]:
        """A DO block per user-defined type the tables' columns use."""
        out, seen = [], set()
        for t in self.cat.tables:
            for ts, tn, kind, body in t.types:
                if (ts, tn) in seen:
                    continue
                seen.add((ts, tn))
                guard = ("SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                         "WHERE t.typname = %s AND n.nspname = %s" % (
                             self.literal(tn), self.literal(ts)))
                create = "CREATE TYPE %s AS %s" % (self.ident(ts, tn), body) if kind == "e" \
                    else "CREATE DOMAIN %s AS %s" % (self.ident(ts, tn), body)
                out.append(self.do_block("type %s.%s" % (ts, tn), guard, create,
                                         ("type", ts, tn)))
        return out

    def sequence_blocks(self) -> List[Statement]:
        """A DO block per sequence the tables' columns use (serial, identity,
        nextval defaults)."""
        out = []
        for s, n, _ in self.scope_sequences():
            guard = ("SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                     "WHERE c.relkind = 'S' AND c.relname = %s AND n.nspname = %s" % (
                         self.literal(n), self.literal(s)))
            out.append(self.do_block("sequence %s.%s" % (s, n), guard,
                                     "CREATE SEQUENCE %s" % self.ident(s, n),
                                     ("sequence", s, n)))
        return out

    def table_blocks(self, t: Table, foreign: bool) -> List[Statement]:
        """The DO blocks that add what t has when it is absent (here all of
        it exists): CHECK constraints and indexes (primary key and unique
        ones included), or (foreign) its foreign keys and enabled triggers."""
        out = []
        key = ("table", t.schema, t.name)
        tname = self.ident(t.schema, t.name)
        for name, contype, definition in t.constraints:
            if (contype == "f") != foreign or contype not in ("c", "f"):
                continue
            guard = ("SELECT 1 FROM pg_constraint WHERE conname = %s AND connamespace = "
                     "(SELECT oid FROM pg_namespace WHERE nspname = %s) AND conrelid = "
                     "(SELECT oid FROM pg_class WHERE relname = %s AND relnamespace = "
                     "(SELECT oid FROM pg_namespace WHERE nspname = %s))" % (
                         self.literal(name), self.literal(t.schema), self.literal(t.name),
                         self.literal(t.schema)))
            body = "ALTER TABLE %s ADD CONSTRAINT %s %s" % (tname, self.ident(name), definition)
            out.append(self.do_block("constraint %s on %s.%s" % (name, t.schema, t.name),
                                     guard, body, key))
        if not foreign:
            for name, definition in t.indexes:
                if INDEX_UNGUARDED:
                    q = sql.SQL(re.sub(
                        r"^CREATE (UNIQUE )?INDEX ",
                        lambda m: "CREATE %sINDEX IF NOT EXISTS " % (m.group(1) or ""),
                        definition))
                    out.append(Statement(CREATE_TABLES, "CREATE INDEX %s on %s.%s" % (
                        name, t.schema, t.name), q, objects=frozenset(
                            {key, ("schema", t.schema, t.schema)})))
                    continue
                guard = ("SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = "
                         "c.relnamespace WHERE c.relkind in ('i', 'I') AND c.relname = %s "
                         "AND n.nspname = %s" % (self.literal(name), self.literal(t.schema)))
                out.append(self.do_block("index %s on %s.%s" % (name, t.schema, t.name),
                                         guard, definition, key))
            return out
        for name, definition, _, enabled in t.triggers:
            if not enabled:
                continue
            guard = ("SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                     "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE t.tgname = %s "
                     "AND c.relname = %s AND n.nspname = %s" % (
                         self.literal(name), self.literal(t.name), self.literal(t.schema)))
            out.append(self.do_block("trigger %s on %s.%s" % (name, t.schema, t.name),
                                     guard, definition,
                                     ("trigger", t.schema, "%s.%s" % (t.name, name))))
        return out

    def step_truncate(self):
        """Without truncate_cascade: one TRUNCATE of every table in scope,
        RESTART IDENTITY. With it: one TRUNCATE ... CASCADE per table. Then
        ALTER SEQUENCE ... RESTART for every sequence a default calls."""
        cascade = self.job.opt("truncate_cascade")
        out = []
        tables = self.cat.tables
        if tables and not cascade:
            objs = set()
            for t in tables:
                objs |= self.truncate_objects(t)
            q = sql.SQL("TRUNCATE {} RESTART IDENTITY").format(
                sql.SQL(", ").join(qualified(t.schema, t.name) for t in tables))
            out.append(Statement(TRUNCATE, "TRUNCATE %d tables" % len(tables), q,
                                 objects=frozenset(objs)))
        elif cascade:
            for t in tables:
                q = sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(
                    qualified(t.schema, t.name))
                out.append(Statement(TRUNCATE, "TRUNCATE %s.%s CASCADE" % (t.schema, t.name), q,
                                     objects=frozenset(self.truncate_objects(t) |
                                                       self.cascade_objects(t))))
        seen = set()
        for t in tables:
            for c in t.columns:
                for s, n, o in c.default_seqs:
                    if o in seen:
                        continue
                    seen.add(o)
                    out.append(Statement(TRUNCATE, "ALTER SEQUENCE %s.%s RESTART" % (s, n),
                                         sql.SQL("ALTER SEQUENCE {} RESTART").format(
                                             qualified(s, n)),
                                         objects=frozenset(seq_keys([(s, n)]))))
        return out

    def truncate_objects(self, t: Table) -> set:
        """What a TRUNCATE of t concerns: t, its partitions and schemas, the
        sequences they own (RESTART IDENTITY), t's truncate triggers, and the
        tables whose foreign keys reference it (outside the job they make a
        TRUNCATE without CASCADE fail: a warning)."""
        objs = set()
        for o in [t.oid] + t.partitions + t.referenced_by:
            info = self.cat.all_tables[o]
            objs.add(("table", info["schema"], info["name"]))
            objs.add(("schema", info["schema"], info["schema"]))
        objs |= self.cat.owned_sequences([t.oid] + t.partitions)
        for name, _, tgtype, _ in t.triggers:
            if tgtype & TRIGGER_TRUNCATE:
                objs.add(("trigger", t.schema, "%s.%s" % (t.name, name)))
        return objs

    # -- destination: the load -----------------------------------------------

    def setup_rows(self, t: Table):
        """The superuser's rows the statement's foreign keys point at; with
        a key sent as DEFAULT, a self-reference needs a row of its own, and
        the sequences of the DEFAULTs start above every committed key again
        (a reset-sequences statement may have set one to MAX() of what RLS
        let the role see)."""
        rows = self.cat.parent_rows(t)
        if any(ref == t.oid for _, ref in t.fks) and any(
                c.sent_default(self.mode) for c in t.columns if c.name == "id"):
            rows.append(insert_statement(t))
        for c in t.columns:
            if c.sent_default(self.mode):
                for s, n, o in c.default_seqs + [q[:3] for q in c.owned_seqs if q[3] == "i"]:
                    rows.append((sql.SQL("SELECT setval({}, {})").format(
                        sql.Literal(o), sql.Literal(SEQUENCE_START)), None))
        return rows

    def step_write(self):
        out = []
        for t in self.cat.tables:
            q, p, _ = job_insert(t, self.mode)
            out.append(Statement(WRITE, "INSERT %s.%s" % (t.schema, t.name), q, p,
                                 self.tobj(t), setup=self.setup_rows(t)))
        return out

    def step_upsert(self):
        """nothing: INSERT ... ON CONFLICT DO NOTHING, no conflict target.
        update: with a primary key, ON CONFLICT (pk) DO UPDATE SET c =
        EXCLUDED.c for every listed column but the key, generated and
        GENERATED ALWAYS ones; no such column, or no primary key: DO
        NOTHING without a target. The INSERT is the write step's."""
        out = []
        update = self.job.opt("on_conflict") == "update"
        for t in self.cat.tables:
            q, p, cols = job_insert(t, self.mode)
            setcols = [c for c in cols if c.name not in t.pk and not c.generated
                       and c.identity != "a"]
            if update and t.pk and setcols:
                q = sql.SQL("{} ON CONFLICT ({}) DO UPDATE SET {}").format(
                    q, sql.SQL(", ").join(sql.Identifier(k) for k in t.pk),
                    sql.SQL(", ").join(sql.SQL("{0} = EXCLUDED.{0}").format(
                        sql.Identifier(c.name)) for c in setcols))
            elif update and t.pk and UPSERT_EMPTY_SET_TARGET:
                q = sql.SQL("{} ON CONFLICT ({}) DO NOTHING").format(
                    q, sql.SQL(", ").join(sql.Identifier(k) for k in t.pk))
            else:
                q = sql.SQL("{} ON CONFLICT DO NOTHING").format(q)
            out.append(Statement(UPSERT, "UPSERT %s.%s" % (t.schema, t.name), q, p,
                                 self.tobj(t), setup=self.setup_rows(t)))
        return out

    def step_update_foreign_keys(self):
        """For tables in a foreign-key cycle: UPDATE t SET fk = v WHERE pk = v
        on a row that exists (loaded first by the superuser with the foreign
        key NULL, as the job loads it), so the foreign-key check really runs."""
        out = []
        for cycle in self.cat.fk_cycles():
            members = {t.oid for t in cycle}
            for t in cycle:
                fkcols = []
                for cols, ref in t.fks:
                    if ref in members:
                        fkcols += [c for c in cols if c not in fkcols]
                if not fkcols:
                    continue
                out.append(self.fk_update(t, fkcols))
        return out

    def fk_update(self, t: Table, fkcols: List[str]) -> Statement:
        """UPDATE "s"."t" SET "fk" = v WHERE ("pk" = fixture key): the
        fixture row is committed, as a loaded row is when the job fixes it
        up, so exactly the changed foreign keys are checked. Without a
        primary key Neosync writes no WHERE at all (every row is updated);
        a self-reference then points at the committed fixture row, since a
        row inserted by this transaction would have every foreign key of it
        re-checked."""
        by_name = {c.name: c for c in t.columns}
        self_cols = {c for cols, ref in t.fks if ref == t.oid for c in cols}
        sets = sql.SQL(", ").join(sql.SQL("{} = {}").format(sql.Identifier(c), sql.Placeholder())
                                  for c in fkcols)
        setup = self.cat.parent_rows(t)
        if t.pk:
            key = [by_name[k] for k in t.pk]
            where = sql.SQL(" WHERE ({})").format(sql.SQL(" AND ").join(sql.SQL("{} = {}").format(
                sql.Identifier(c.name), sql.Placeholder()) for c in key))
            params = tuple(by_name[c].value for c in fkcols) + tuple(c.fixture for c in key)
            if self_cols & set(fkcols):
                setup.append(insert_statement(t))   # the row key INT_VALUE points at
        else:
            where = sql.SQL("")
            params = tuple(FIXTURE_VALUE if c in self_cols else by_name[c].value for c in fkcols)
        q = sql.SQL("UPDATE {} SET {}{}").format(qualified(t.schema, t.name), sets, where)
        return Statement(FIX_FK, "UPDATE %s.%s SET %s" % (t.schema, t.name, ",".join(fkcols)),
                         q, params, self.tobj(t), setup=setup)

    def cascade_objects(self, t: Table) -> set:
        """What TRUNCATE ... CASCADE reaches: referencing tables, recursively,
        their partitions, and the sequences they own."""
        objs, todo, seen = set(), [t.oid], set()
        while todo:
            o = todo.pop()
            if o in seen:
                continue
            seen.add(o)
            info = self.cat.all_tables[o]
            objs.add(("table", info["schema"], info["name"]))
            objs.add(("schema", info["schema"], info["schema"]))
            self.cat.cur.execute(
                "SELECT DISTINCT conrelid FROM pg_constraint WHERE contype = 'f' AND confrelid = %s",
                (o,))
            todo.extend(r for (r,) in self.cat.cur.fetchall())
            todo.extend(self.cat.children.get(o, []))
            self.cat.cur.execute(
                "SELECT n.nspname, s.relname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid "
                "JOIN pg_namespace n ON n.oid = s.relnamespace WHERE s.relkind = 'S' "
                "AND d.refobjid = %s AND d.deptype IN ('a', 'i')", (o,))
            objs |= {("sequence", s, n) for s, n in self.cat.cur.fetchall()}
            self.cat.cur.execute(
                "SELECT n.nspname, c.relname || '.' || g.tgname FROM pg_trigger g "
                "JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = "
                "c.relnamespace WHERE g.tgrelid = %s AND NOT g.tgisinternal", (o,))
            objs |= {("trigger", s, n) for s, n in self.cat.cur.fetchall()}
        return objs

    def step_reset_sequences(self):
        """After the load, for every identity column and every column whose
        default calls nextval, unless it was sent as DEFAULT: SELECT
        setval(pg_get_serial_sequence('"s"."t"', 'c'), COALESCE((SELECT
        MAX("c") FROM "s"."t"), 1))."""
        out = []
        for t in self.cat.tables:
            table_text = self.ident(t.schema, t.name)
            for c in t.columns:
                if not c.resets() or c.sent_default(self.mode):
                    continue
                q = sql.SQL("SELECT setval(pg_get_serial_sequence(%s, %s), "
                            "COALESCE((SELECT MAX({}) FROM {}), 1))").format(
                    sql.Identifier(c.name), qualified(t.schema, t.name))
                col_arg = self.ident(c.name) if SETVAL_QUOTED_COLUMN else c.name
                objs = {("table", t.schema, t.name), ("schema", t.schema, t.schema)}
                objs |= seq_keys(c.owned_seqs) | seq_keys(c.default_seqs)
                objs |= self.cat.policy_functions(t.oid)   # MAX() reads through RLS
                out.append(Statement(RESET_SEQ, "setval %s.%s (%s)" % (t.schema, t.name, c.name),
                                     q, (table_text, col_arg), frozenset(objs)))
        return out


# --------------------------------------------------------------------------
# Running statements as the role
# --------------------------------------------------------------------------

class Runner:
    """Runs a statement as the role, in a transaction that is always rolled
    back: BEGIN; [superuser setup]; SET ROLE r; stmt; ROLLBACK."""

    def __init__(self, conn, dbname: str):
        self.conn = conn            # superuser, autocommit off
        self.dbname = dbname

    def run(self, role: str, st: Statement) -> Outcome:
        if st.query is None:
            return self.connect_as(role)
        cur = self.conn.cursor()
        try:
            self.prepare(cur, role, st)
            try:
                cur.execute(st.query, st.params or None)
                return Outcome(False, None, "")
            except psycopg2.Error as e:
                msg = (e.pgerror or str(e)).strip()
                if e.pgcode in ORACLE_BUG_SQLSTATES:
                    raise OracleCrash("the oracle's own statement is wrong (%s): %s\n  %s" % (
                        e.pgcode, st.text(cur), msg))
                return Outcome(e.pgcode == PERMISSION_DENIED, e.pgcode, msg)
        finally:
            self.conn.rollback()
            cur.close()

    def prepare(self, cur, role: str, st: Statement):
        """Timeouts, the superuser's setup (foreign-key triggers off, so a
        row can be loaded whatever the keys), then SET ROLE; in as few round
        trips as the setup allows."""
        set_role = sql.SQL("SET ROLE {}").format(sql.Identifier(role)).as_string(cur)
        timeouts = "SET LOCAL statement_timeout = '%s'; SET LOCAL lock_timeout = '5s'" % (
            STATEMENT_TIMEOUT)
        try:
            if not st.setup:
                cur.execute(timeouts + "; " + set_role)
                return
            cur.execute(timeouts + "; SET LOCAL session_replication_role = replica")
            for q, p in st.setup:
                try:
                    cur.execute(sql.SQL("SAVEPOINT setup; {}; RELEASE SAVEPOINT setup").format(
                        q if isinstance(q, sql.Composable) else sql.SQL(q)), p)
                except psycopg2.Error:
                    cur.execute("ROLLBACK TO SAVEPOINT setup")
            cur.execute("SET LOCAL session_replication_role = origin; " + set_role)
        except psycopg2.Error as e:
            raise OracleCrash("could not prepare %s as %s: %s" % (st.label, role, e))

    def connect_as(self, role: str) -> Outcome:
        """Opens a real session as the role (trust auth): LOGIN (28000) and
        CONNECT (42501) both decide."""
        try:
            c = connect(self.dbname, user=role)
            c.close()
            return Outcome(False, None, "")
        except psycopg2.OperationalError as e:
            msg = str(e).strip()
            if "not permitted to log in" in msg:
                return Outcome(True, "28000", msg)
            if "permission denied for database" in msg:
                return Outcome(True, PERMISSION_DENIED, msg)
            raise OracleCrash("connecting as %s failed: %s" % (role, msg))


# --------------------------------------------------------------------------
# The check, and the comparison
# --------------------------------------------------------------------------

@dataclass
class Row:
    object_type: str
    schema_name: Optional[str]
    object_name: Optional[str]
    column_name: Optional[str]
    privilege: str
    needed_for: str
    status: str
    via: Optional[str]
    detail: Optional[str]
    fix: Optional[str]

    def key(self):
        """The key a row is matched to statements by (see Catalog.objects_of)."""
        t = self.object_type
        if t in ("table", "column"):
            return ("table", self.schema_name, self.object_name)
        if t == "schema":
            s = self.schema_name or self.object_name
            return ("schema", s, s)
        if t in ("sequence", "function", "trigger", "type"):
            return (t, self.schema_name, self.object_name)
        if t == "language":
            return ("language", None, self.object_name)
        return UNIVERSAL  # database, role

    def short(self) -> str:
        obj = ".".join(quote_ident(x) for x in (self.schema_name, self.object_name) if x)
        if self.column_name:
            obj += " (%s)" % quote_ident(self.column_name)
        return "%-8s %-7s %-9s %s [%s] via=%s fix=%s" % (
            self.status, self.object_type, self.privilege, obj, self.needed_for, self.via,
            (self.fix or "").strip())


def quote_ident(name: str) -> str:
    """For display only: "a""b" for a"b, so that names with dots stay readable."""
    return '"' + name.replace('"', '""') + '"'


def call_check(cur, job: Job) -> List[Row]:
    cur.execute("SELECT object_type, schema_name, object_name, column_name, privilege, "
                "needed_for, status, via, detail, fix FROM preflight.check(%s, %s::name, "
                "%s::name[], %s::jsonb)", (job.job, job.role, job.schemas, json.dumps(job.options)))
    return [Row(*r) for r in cur.fetchall()]


def call_scalar(cur, fn: str, job: Job):
    cur.execute(sql.SQL("SELECT preflight.{}(%s, %s::name, %s::name[], %s::jsonb)").format(
        sql.Identifier(fn)), (job.job, job.role, job.schemas, json.dumps(job.options)))
    return cur.fetchone()[0]


class ProviderError(Exception):
    """A provider could not answer (the extension raised an error, the
    client exited 2 or 3 or printed no JSON): a crash, not a disagreement."""


@dataclass
class CheckResult:
    rows: List[Row]
    ready: bool        # what the provider itself says: ready(), or the client's verdict


class Extension:
    """preflight.check(), ready() and fix_script(), called as the superuser."""
    name = "extension"

    def __init__(self, conn):
        self.conn = conn

    def check(self, job: Job) -> CheckResult:
        cur = self.conn.cursor()
        try:
            rows = call_check(cur, job)
            ready = call_scalar(cur, "ready", job)
            return CheckResult(rows, ready)
        except psycopg2.Error as e:
            raise ProviderError("preflight.check failed: %s %s" % (
                e.pgcode, (e.pgerror or str(e)).strip()))
        finally:
            self.conn.rollback()

    def fix_script(self, job: Job) -> str:
        cur = self.conn.cursor()
        try:
            return call_scalar(cur, "fix_script", job) or ""
        except psycopg2.Error as e:
            raise ProviderError("preflight.fix_script failed: %s %s" % (
                e.pgcode, (e.pgerror or str(e)).strip()))
        finally:
            self.conn.rollback()


# The client's exit statuses (client/common/exit_status.*): 0 ready, 1 not
# ready; 2 (could not connect, the server failed the check, the check
# refused the request), 3 (invalid configuration) and 130 are errors.
CLIENT_READY, CLIENT_NOT_READY = 0, 1
CLIENT_TIMEOUT = 300


class CatalogClient:
    """The pg_preflight client with --source catalog: it reads the catalogs
    itself and runs core's rules, connected as the superuser (libpq's
    environment), checking --role."""
    name = "catalog"

    def __init__(self, path: str, dbname: str):
        self.path = path
        self.dbname = dbname

    def argv(self, job: Job, output: List[str]) -> List[str]:
        out = [self.path, "--source", "catalog"] + output + [
            "--job", job.job, "--role", job.role, "--dbname", self.dbname]
        for sch in job.schemas or []:
            out += ["--schema", sch]
        return out + job.client_flags()

    def run(self, job: Job, output: List[str]) -> Tuple[int, str]:
        argv = self.argv(job, output)
        env = dict(os.environ)
        env.pop("PGDATABASE", None)
        try:
            p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env, timeout=CLIENT_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise ProviderError("the client did not run: %s" % e)
        out = p.stdout.decode("utf-8", "replace")
        if p.returncode not in (CLIENT_READY, CLIENT_NOT_READY):
            raise ProviderError("the client exited %d: %s\n  %s" % (
                p.returncode, p.stderr.decode("utf-8", "replace").strip(),
                " ".join(shell_quote(a) for a in argv)))
        return p.returncode, out

    def check(self, job: Job) -> CheckResult:
        status, out = self.run(job, ["--format", "json"])
        try:
            doc = json.loads(out)
            rows = [Row(*(r[k] for k in ROW_FIELDS)) for r in doc["rows"]]
            ready = doc["verdict"]["ready"]
        except (ValueError, KeyError, TypeError) as e:
            raise ProviderError("the client's JSON is not a report (%s): %s" % (e, out[:300]))
        if ready != (status == CLIENT_READY):
            raise ProviderError("the client's verdict says ready=%s but it exited %d" % (
                ready, status))
        return CheckResult(rows, ready)

    def fix_script(self, job: Job) -> str:
        return self.run(job, ["--fix"])[1]


ROW_FIELDS = ("object_type", "schema_name", "object_name", "column_name", "privilege",
              "needed_for", "status", "via", "detail", "fix")


def shell_quote(arg: str) -> str:
    return arg if re.fullmatch(r"[-\w./=]+", arg) else "'" + arg.replace("'", "'\\''") + "'"


def matches(row: Row, st: Statement) -> bool:
    k = row.key()
    return k == UNIVERSAL or k in st.objects


@dataclass
class Tally:
    # Statement outcomes compared, per provider ("extension", "catalog").
    compared: Dict[str, int] = field(default_factory=dict)
    run: int = 0          # statements run (each phase), whatever the providers
    warned: int = 0       # statements left out because a warning row concerns them (per provider)
    disagreements: int = 0
    fixes: int = 0
    crashes: int = 0
    denied: int = 0
    # The cases: one per compared statement and provider, one per fix script
    # applied. A disagreement that concerns no single statement (a row for no
    # step, ready() against check(), fix scripts that differ) is a failed
    # case of its own, and so is each crash (counted in crashes, not here).
    passed: int = 0
    failed: int = 0
    # per step: [statements run, denied by PostgreSQL, warned (all providers)]
    steps: Dict[str, List[int]] = field(default_factory=dict)

    def add(self, other: "Tally"):
        for k, v in vars(other).items():
            if k == "steps":
                for step, counts in v.items():
                    mine = self.steps.setdefault(step, [0, 0, 0])
                    for i, n in enumerate(counts):
                        mine[i] += n
            elif k == "compared":
                for name, n in v.items():
                    self.compared[name] = self.compared.get(name, 0) + n
            else:
                setattr(self, k, getattr(self, k) + v)

    def total_compared(self) -> int:
        return sum(self.compared.values())

    def step_summary(self) -> str:
        return ", ".join("%s %d/%d/%d" % ((step,) + tuple(self.steps[step]))
                         for step in STEP_ORDER if step in self.steps)

    def compared_summary(self) -> str:
        return ", ".join("%s %d" % (name, self.compared.get(name, 0))
                         for name in PROVIDERS if name in self.compared)


PROVIDERS = ("extension", "catalog")


class Comparison:
    """Compares one job's check rows with its statements' outcomes, per step:
    every statement PostgreSQL denies must be matched by a 'missing' row of
    that step, and every 'missing' row must be matched by a denied statement
    of that step. A statement that a 'warning' row of its step concerns is
    left out (and counted as warned)."""

    def __init__(self, seed: int, provider: str, job: Job, rows: List[Row], runs, cur,
                 phase: str):
        self.seed = seed
        self.provider = provider
        self.job = job
        self.rows = rows
        self.runs = runs            # [(Statement, Outcome)]
        self.cur = cur
        self.phase = phase
        self.found: List[str] = []
        self.warned = 0
        self.failed_statements: Set[int] = set()  # id() of the statements a disagreement names
        self.loose = 0  # disagreements that name no statement
        self.steps: Dict[str, List[int]] = {}

    def rows_of(self, step: str, status: Optional[str] = None) -> List[Row]:
        return [r for r in self.rows if normal_step(r.needed_for) == step
                and (status is None or r.status == status)]

    def warned_by(self, st: Statement) -> bool:
        return any(matches(r, st) for r in self.rows_of(st.step, "warning"))

    def compare(self) -> List[str]:
        steps = self.job.steps()
        for r in self.rows:
            if normal_step(r.needed_for) not in KNOWN_STEPS:
                self.report(r.needed_for, None, None,
                            "row names an unknown step %r" % r.needed_for, [r])
            elif r.status == "missing" and normal_step(r.needed_for) not in steps:
                self.report(r.needed_for, None, None,
                            "'missing' row for a step these options do not run", [r])
        for step in steps:
            self.compare_step(step)
        return self.found

    def compare_step(self, step: str):
        runs = [(st, o) for st, o in self.runs if st.step == step]
        missing = self.rows_of(step, "missing")
        warned = {id(st) for st, _ in runs if self.warned_by(st)}
        self.warned += len(warned)
        self.steps[step] = [len(runs), sum(o.denied for _, o in runs), len(warned)]
        for st, o in runs:
            if not o.denied or id(st) in warned:
                continue
            if self.phase != "check":
                self.report(step, st, o, "PostgreSQL still denies it after the fix script",
                            self.related(step, st))
            elif not any(matches(r, st) for r in missing):
                self.report(step, st, o, "PostgreSQL denies it, the check has no 'missing' row "
                            "for it", self.related(step, st))
        if self.phase != "check":
            return
        for r in missing:
            hit = [(st, o) for st, o in runs if matches(r, st)]
            if any(o.denied or id(st) in warned for st, o in hit):
                continue
            if hit:
                st, o = hit[0]
                self.report(step, st, o, "the check says 'missing' (%s %s %s) but PostgreSQL "
                            "allows every statement it concerns (%d)" % (
                                r.privilege, r.object_type, ".".join(
                                    x for x in (r.schema_name, r.object_name, r.column_name) if x),
                                len(hit)), [r])
            else:
                self.report(step, None, None, "the check says 'missing' but the job runs no "
                            "statement that concerns it", [r])

    def related(self, step: str, st: Statement) -> List[Row]:
        """The step's rows that concern the statement, then its other
        rows that are not 'ok'."""
        mine = [r for r in self.rows_of(step) if matches(r, st)]
        return mine + [r for r in self.rows_of(step) if r.status != "ok" and r not in mine]

    def report(self, step, st: Optional[Statement], o: Optional[Outcome], what: str,
               rows: List[Row]):
        if st is not None:
            self.failed_statements.add(id(st))
        else:
            self.loose += 1
        lines = ["DISAGREEMENT seed=%d provider=%s phase=%s %s" % (
            self.seed, self.provider, self.phase, self.job.describe()),
                 "  step: %s: %s" % (step, what)]
        if st is not None:
            lines.append("  statement: %s" % st.text(self.cur))
            lines.append("  postgres: %s" % ("%s %s" % (o.sqlstate, o.message.splitlines()[0])
                                            if o and o.sqlstate else "ok"))
        lines.append("  check rows:")
        lines += ["    " + r.short() for r in rows[:25]]
        if len(rows) > 25:
            lines.append("    ... %d more" % (len(rows) - 25))
        self.found.append("\n".join(lines))


def normal_step(step: str) -> str:
    return STEP_ALIASES.get(step, step)


# --------------------------------------------------------------------------
# One seed
# --------------------------------------------------------------------------

class SeedRun:
    """Everything for one seed: database, configuration, jobs, comparisons,
    fixes, and the cleanup that always runs."""

    def __init__(self, seed: int, args):
        self.seed = seed
        self.args = args
        self.tally = Tally()
        self.dbname = "oracle_%d" % seed
        self.prefix = "orc%d_" % seed
        self.conn = None
        self.out: List[str] = []
        self.catalogs: Dict[Optional[Tuple[str, ...]], Catalog] = {}
        self.providers: List = []

    def say(self, text: str):
        """Output of this seed: printed at once when seeds run one at a
        time, otherwise kept and printed when the seed is done, so that
        parallel seeds do not interleave their lines."""
        if self.args.jobs == 1:
            print(text, flush=True)
        else:
            self.out.append(text)

    def verbose(self, text: str):
        if self.args.verbose:
            self.say(text)

    def run(self) -> str:
        started = time.time()
        status = "ok"
        try:
            self.cleanup()
            self.create_database()
            jobs = self.generate()
            if not self.args.no_check and self.args.use_extension:
                self.providers.append(Extension(self.conn))
            if not self.args.no_check and self.args.client:
                self.providers.append(CatalogClient(self.args.client, self.dbname))
            if not self.providers:
                self.dry_run(jobs)
            else:
                self.check_all(jobs)
        except OracleCrash as e:
            self.tally.crashes += 1
            status = "CRASH"
            self.say("CRASH seed=%d: %s" % (self.seed, e))
        except psycopg2.Error as e:
            self.tally.crashes += 1
            status = "CRASH"
            self.say("CRASH seed=%d: %s %s" % (self.seed, e.pgcode, (e.pgerror or str(e)).strip()))
        finally:
            if self.conn is not None:
                self.conn.close()
                self.conn = None
            if not self.args.keep:
                self.cleanup()
        return "seed %d: %s, %d statements run (%d denied), compared %s, %d warned, " \
            "%d disagreements, %d fixes, %.1fs" % (
                self.seed, status, self.tally.run, self.tally.denied,
                self.tally.compared_summary() or "0", self.tally.warned,
                self.tally.disagreements, self.tally.fixes, time.time() - started)

    # -- database lifecycle ---------------------------------------------------

    def create_database(self):
        admin = connect(admin_database())
        try:
            admin.cursor().execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(
                sql.Identifier(self.dbname)))
        finally:
            admin.close()
        self.conn = connect(self.dbname, autocommit=True)
        if not self.args.no_check and self.args.use_extension:
            self.conn.cursor().execute("CREATE EXTENSION pg_preflight")

    def cleanup(self):
        """Drops the seed's database and its roles (DROP OWNED + DROP ROLE),
        whatever state a failed run left them in."""
        admin = connect(admin_database())
        try:
            cur = admin.cursor()
            cur.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s ORDER BY 1",
                        (self.prefix.replace("_", "\\_") + "%",))
            roles = [r[0] for r in cur.fetchall()]
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (self.dbname,))
            exists = cur.fetchone() is not None
            idents = sql.SQL(", ").join(sql.Identifier(r) for r in roles)
            if exists and roles:
                db = connect(self.dbname)
                try:
                    db.cursor().execute(sql.SQL("DROP OWNED BY {} CASCADE").format(idents))
                finally:
                    db.close()
            if exists:
                cur.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(
                    sql.Identifier(self.dbname)))
            if roles:
                cur.execute(sql.SQL("DROP OWNED BY {} CASCADE").format(idents))
                cur.execute(sql.SQL("DROP ROLE {}").format(idents))
        finally:
            admin.close()

    def generate(self) -> List[Job]:
        """The grant configuration, in one transaction, then the jobs: per
        test role and schema scope, the source job (with and without
        read_sequences) and the destination job's defaults plus random
        option sets."""
        self.conn.autocommit = False
        cur = self.conn.cursor()
        gen = Generator(self.seed, cur, self.dbname)
        gen.build()
        Catalog(cur, None, details=False).load_fixtures()
        # Sequences start above every committed key (see SEQUENCE_START).
        cur.execute("SELECT setval(c.oid, %s) FROM pg_class c WHERE c.relkind = 'S'",
                    (SEQUENCE_START,))
        self.conn.commit()
        if self.args.verbose > 1:
            self.say("\n".join("  gen: " + line for line in gen.log))
        # Option sets come from a generator of their own, so that they do not
        # move the grant configuration of a seed.
        rng = random.Random("options %d" % self.seed)
        jobs = []
        for role in gen.test_roles():
            for schemas in gen.scope_choices():
                for opts in source_option_sets(rng):
                    jobs.append(Job(role, "source", schemas, opts))
                for opts in destination_option_sets(rng, self.args.option_sets):
                    jobs.append(Job(role, "destination", schemas, opts))
        return jobs

    # -- the jobs ----------------------------------------------------------

    def statements(self, job: Job) -> List[Statement]:
        """The job's statements. The catalog is read once per schema scope:
        fix scripts change privileges and owners, not the tables."""
        key = tuple(job.schemas) if job.schemas is not None else None
        cur = self.conn.cursor()
        if key not in self.catalogs:
            cat = Catalog(cur, job.schemas)
            cat.assign_values()
            self.catalogs[key] = cat
        cat = self.catalogs[key]
        cat.cur = cur
        stmts = StatementBuilder(cat, job, self.dbname).build()
        self.conn.rollback()
        return stmts

    def execute(self, job: Job, stmts: List[Statement]):
        """Runs the statements as the role; counts them once per phase."""
        runner = Runner(self.conn, self.dbname)
        runs = [(st, runner.run(job.role, st)) for st in stmts]
        self.tally.run += len(runs)
        self.tally.denied += sum(o.denied for _, o in runs)
        for st, o in runs:
            counts = self.tally.steps.setdefault(st.step, [0, 0, 0])
            counts[0] += 1
            counts[1] += o.denied
        return runs

    def dry_run(self, jobs: List[Job]):
        """--no-check: only generate and run statements (for developing the
        generator and the runner without the extension)."""
        for job in jobs:
            runs = self.execute(job, self.statements(job))
            self.verbose("  %s: %d statements, %d denied" % (
                job.describe(), len(runs), sum(o.denied for _, o in runs)))
            if self.args.verbose > 1:
                for st, o in runs:
                    self.say("    %-20s %s -> %s" % (
                        st.step, st.text(self.conn.cursor()),
                        ("%s %s" % (o.sqlstate, o.message.splitlines()[0])) if o.sqlstate
                        else "ok"))

    def check_all(self, jobs: List[Job]):
        """Phase one: every job against the untouched configuration, each
        provider's rows against the same statement outcomes. Phase two: each
        job's fix script, then every provider's check and the statements
        again."""
        planned = []
        for job in jobs:
            stmts = self.statements(job)
            results = self.check(job)
            if not results:
                continue
            runs = self.execute(job, stmts)
            for name, result in results.items():
                self.compare(name, job, result.rows, runs, "check")
                self.consistency(name, job, result)
            planned.append(job)
        if self.args.no_fix:
            return
        for job in planned:
            self.fix(job)

    def check(self, job: Job) -> Dict[str, CheckResult]:
        """Every provider's answer; a provider that fails is a crash."""
        out = {}
        for p in self.providers:
            try:
                out[p.name] = p.check(job)
            except ProviderError as e:
                self.tally.crashes += 1
                self.say("CRASH seed=%d %s: %s: %s" % (self.seed, p.name, job.describe(), e))
        return out

    def compare(self, provider: str, job: Job, rows: List[Row], runs, phase: str):
        comp = Comparison(self.seed, provider, job, rows, runs, self.conn.cursor(), phase)
        found = comp.compare()
        compared = len(runs) - comp.warned
        self.tally.compared[provider] = self.tally.compared.get(provider, 0) + compared
        self.tally.warned += comp.warned
        for step, counts in comp.steps.items():
            self.tally.steps.setdefault(step, [0, 0, 0])[2] += counts[2]
        self.tally.disagreements += len(found)
        bad = len(comp.failed_statements)
        self.tally.passed += compared - bad
        self.tally.failed += bad + comp.loose
        for text in found:
            self.say(text)
        if self.args.verbose:
            self.say("  %s %s %s: %d statements, %d denied, %d warned, %d missing rows" % (
                provider, phase, job.describe(), len(runs), sum(o.denied for _, o in runs),
                comp.warned, sum(r.status == "missing" for r in rows)))
            if self.args.verbose > 1 and provider == self.providers[0].name:
                for st, o in runs:
                    self.say("    %-20s %s -> %s" % (st.step, st.text(self.conn.cursor()),
                                                      o.sqlstate or "ok"))
            if self.args.verbose > 1:
                for r in rows:
                    if r.status != "ok":
                        self.say("    %s row %s" % (provider, r.short()))

    def disagree(self, text: str):
        """A disagreement that names no statement: one failed case."""
        self.tally.disagreements += 1
        self.tally.failed += 1
        self.say(text)

    def consistency(self, provider: str, job: Job, result: CheckResult):
        """ready() (the client's verdict and exit status) must be true
        exactly when no row is 'missing'."""
        missing = sum(r.status == "missing" for r in result.rows)
        if result.ready != (missing == 0):
            self.disagree("DISAGREEMENT seed=%d provider=%s %s: ready = %s but check has %d "
                          "missing rows" % (self.seed, provider, job.describe(), result.ready,
                                            missing))

    def fix(self, job: Job):
        """Every provider's fix script must be the same text; the first one
        (the extension's, when it runs) is applied as the superuser; then
        every provider must say ready and no statement may be denied (warned
        ones excluded)."""
        scripts: Dict[str, str] = {}
        for p in self.providers:
            try:
                scripts[p.name] = p.fix_script(job)
            except ProviderError as e:
                self.tally.crashes += 1
                self.say("CRASH seed=%d %s fix script: %s: %s" % (
                    self.seed, p.name, job.describe(), e))
        if not scripts:
            return
        names = list(scripts)
        script = scripts[names[0]]
        for other in names[1:]:
            if scripts[other] != script:
                diff = difflib.unified_diff(script.splitlines(), scripts[other].splitlines(),
                                            names[0], other, lineterm="", n=1)
                self.disagree("DISAGREEMENT seed=%d %s: the fix scripts of %s and %s differ:\n%s"
                              % (self.seed, job.describe(), names[0], other,
                                 "\n".join("    " + line for line in diff)))
        self.verbose("  fix script for %s:\n%s" % (job.describe(), "\n".join(
            "    " + line for line in script.splitlines())))
        cur = self.conn.cursor()
        if script.strip():
            try:
                cur.execute(script)
                self.conn.commit()
            except psycopg2.Error as e:
                self.conn.rollback()
                self.disagree("DISAGREEMENT seed=%d %s: the fix script fails: %s %s\n%s" % (
                    self.seed, job.describe(), e.pgcode, (e.pgerror or "").strip(), script))
                return
        self.tally.fixes += 1
        results = self.check(job)
        ready = len(results) == len(self.providers)
        for name, result in results.items():
            if not result.ready:
                ready = False
                self.tally.disagreements += 1
                self.say("DISAGREEMENT seed=%d provider=%s %s: not ready after the fix script; "
                         "still missing:\n%s" % (self.seed, name, job.describe(), "\n".join(
                             "    " + r.short() for r in result.rows if r.status == "missing")))
        if ready:
            self.tally.passed += 1
        else:
            self.tally.failed += 1
        if not results:
            return
        runs = self.execute(job, self.statements(job))
        for name, result in results.items():
            self.compare(name, job, result.rows, runs, "fixed")


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_CLIENT = os.path.join(ROOT, "build", "cmake", "client", "pg_preflight")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seeds", type=int, default=DEFAULT_SEEDS,
                   help="how many seeds (default %d)" % DEFAULT_SEEDS)
    p.add_argument("--seed-start", type=int, default=1, help="first seed (default 1)")
    p.add_argument("--option-sets", type=int, default=DESTINATION_SETS,
                   help="random destination option sets per role and scope, besides the "
                   "defaults (default %d)" % DESTINATION_SETS)
    p.add_argument("--jobs", "-j", type=int, default=2,
                   help="seeds run in parallel (default 2; 1 streams output as it comes)")
    p.add_argument("--verbose", "-v", action="count", default=0,
                   help="per-job lines; twice: every statement and generator SQL")
    p.add_argument("--no-check", action="store_true",
                   help="call neither the extension nor the client: generate and run "
                   "statements only")
    p.add_argument("--no-extension", dest="use_extension", action="store_false",
                   help="do not call the extension (compare the client's catalog path only)")
    p.add_argument("--client", metavar="PATH",
                   help="the pg_preflight client to compare with --source catalog "
                   "(default: build/cmake/client/pg_preflight when it is built)")
    p.add_argument("--no-client", action="store_true", help="do not compare the client")
    p.add_argument("--no-fix", action="store_true",
                   help="skip the fix scripts (with --keep: inspect the untouched database)")
    p.add_argument("--keep", action="store_true",
                   help="keep each seed's database and roles for inspection")
    args = p.parse_args(argv)
    if args.no_client:
        args.client = None
    elif args.client is None:
        args.client = DEFAULT_CLIENT if os.access(DEFAULT_CLIENT, os.X_OK) else None
    elif not os.access(args.client, os.X_OK):
        p.error("--client %s: not an executable file" % args.client)
    if args.client:
        args.client = os.path.abspath(args.client)
    return args


DEFAULT_SEEDS = 250
_seed_running = False


def run_seed(seed: int, args) -> Tuple[Tally, str]:
    """One seed, in this process or a worker: its tally and its output."""
    global _seed_running
    _seed_running = True
    try:
        run = SeedRun(seed, args)
        line = run.run()
    finally:
        _seed_running = False
    return run.tally, "\n".join(run.out + [line])


def install_signal_handlers():
    """SIGTERM while a seed runs raises SystemExit, so that the seed's
    cleanup (in finally) drops its database and roles; an idle worker just
    exits, since unwinding it inside the pool's queue could hang the pool."""
    def handler(signum, frame):
        if _seed_running:
            raise SystemExit(128 + signum)
        os._exit(128 + signum)
    signal.signal(signal.SIGTERM, handler)


def check_extension_available() -> bool:
    conn = connect(admin_database())
    try:
        cur = conn.cursor()
        cur.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_preflight'")
        return cur.fetchone() is not None
    finally:
        conn.close()


def main(argv=None) -> int:
    args = parse_args(argv if argv is not None else sys.argv[1:])
    install_signal_handlers()
    tally = Tally()
    if not args.no_check and args.use_extension and not check_extension_available():
        print("oracle: the pg_preflight extension is not installed on this server")
        print("oracle: 0 statements compared, 0 disagreements, 0 fix scripts applied")
        print("0 passed, 1 failed")
        return 1
    if not args.no_check:
        print("oracle: comparing %s" % ", ".join(
            ([] if not args.use_extension else ["the extension (preflight.check)"]) +
            (["the client's catalog path (%s)" % args.client] if args.client else [])) or
            "nothing")
        if not args.client and not args.no_client:
            print("oracle: no client at %s (build it, or give --client): the catalog path is "
                  "not compared" % DEFAULT_CLIENT)
    started = time.time()
    seeds = range(args.seed_start, args.seed_start + args.seeds)
    if args.jobs == 1:
        results = (run_seed(seed, args) for seed in seeds)
        pool = None
    else:
        pool = multiprocessing.Pool(args.jobs, initializer=install_signal_handlers)
        results = pool.imap(functools.partial(run_seed, args=args), seeds)
    try:
        for seed_tally, text in results:
            tally.add(seed_tally)
            print(text, flush=True)
        if pool is not None:
            pool.close()
            pool.join()
    except BaseException:
        if pool is not None:
            pool.terminate()   # workers clean up their seed (see install_signal_handlers)
            pool.join()
        raise
    print("oracle: per step, statements run/denied/warned: " + tally.step_summary())
    print("oracle: %d statements run, %d denied by PostgreSQL, %d warned statements (not "
          "compared), %d crashes, %.0fs" % (tally.run, tally.denied, tally.warned,
                                            tally.crashes, time.time() - started))
    print("oracle: %d statements compared (%s), %d disagreements, %d fix scripts applied" % (
        tally.total_compared(), tally.compared_summary() or "no provider", tally.disagreements,
        tally.fixes))
    print("%d passed, %d failed" % (tally.passed, tally.failed + tally.crashes))
    return 0 if tally.disagreements == 0 and tally.crashes == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
