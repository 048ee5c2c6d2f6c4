-- What PostgreSQL 16 changed for the job: each membership grant has its
-- own INHERIT and SET options (rolinherit is only the default of new
-- grants), so a grant WITH INHERIT FALSE gives nothing without SET ROLE,
-- one WITH SET FALSE as well not even that, and a NOINHERIT role inherits
-- through a grant WITH INHERIT TRUE (the fixes that make a role a member
-- say so: tests/unit/test_via.cpp). 15 has none of it
-- (expected/server_16_1.out).
SELECT current_setting('server_version_num')::int < 160000 AS before_16 \gset
\if :before_16
\echo 'no INHERIT or SET options of membership grants before PostgreSQL 16'
\quit
\endif
CREATE ROLE s16_owner NOLOGIN;
CREATE ROLE s16_readers NOLOGIN;
CREATE ROLE s16_locked NOLOGIN;
CREATE ROLE s16_loader LOGIN NOINHERIT;
CREATE SCHEMA s16 AUTHORIZATION s16_owner;
GRANT USAGE ON SCHEMA s16 TO s16_loader, s16_readers, s16_locked;
-- The loader may SET ROLE to s16_readers but does not inherit from it, and
-- can do neither with s16_locked; an explicit INHERIT TRUE overrides
-- NOINHERIT for s16_owner.
GRANT s16_readers TO s16_loader WITH INHERIT FALSE;
GRANT s16_locked TO s16_loader WITH INHERIT FALSE, SET FALSE;
GRANT s16_owner TO s16_loader WITH INHERIT TRUE;
SET ROLE s16_owner;
CREATE TABLE s16.t (id bigint PRIMARY KEY, v int);
CREATE TABLE s16.r (id int PRIMARY KEY);
REVOKE ALL ON s16.r FROM s16_owner;
RESET ROLE;
GRANT SELECT ON s16.r TO s16_readers, s16_locked;

-- Held through the INHERIT TRUE grant; s16.r's SELECT is granted to two
-- roles whose grants do not pass it on, and the notes say which can SET ROLE.
SELECT object_name, privilege, status, via, detail
  FROM preflight.check('source', 's16_loader', ARRAY['s16']) WHERE object_type = 'table'
 ORDER BY object_name;
-- The facts: the two member-only roles, the one the loader cannot SET ROLE
-- to marked noset, and grants with options (user OIDs masked).
SELECT regexp_replace(line, '[0-9]{5,}', 'N', 'g') AS line
  FROM regexp_split_to_table(preflight.facts('source', 's16_loader', ARRAY['s16']), E'\n') AS line
 WHERE line ~ '^role ';

-- PostgreSQL agrees, in a session of the loader's own (a superuser's SET
-- ROLE is never refused): SET ROLE s16_readers reads, s16_locked is refused.
BEGIN;
SET SESSION AUTHORIZATION s16_loader;
SELECT "r"."id" FROM "s16"."r" AS "r" ORDER BY "r"."id" ASC LIMIT 100000;
ROLLBACK;
BEGIN;
SET SESSION AUTHORIZATION s16_loader;
SET ROLE s16_readers;
SELECT "r"."id" FROM "s16"."r" AS "r" ORDER BY "r"."id" ASC LIMIT 100000;
ROLLBACK;
BEGIN;
SET SESSION AUTHORIZATION s16_loader;
SET ROLE s16_locked;
ROLLBACK;

DROP SCHEMA s16 CASCADE;
DROP ROLE s16_loader, s16_owner, s16_readers, s16_locked;
