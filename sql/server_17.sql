-- What PostgreSQL 17 changed for the job: the MAINTAIN privilege (bit 14,
-- the owner's among its defaults) and the predefined role pg_maintain. No
-- step of the job needs MAINTAIN, so it stays out of the facts and rows,
-- as it does on the client's catalog path. 15 has neither
-- (expected/server_17_1.out).
SELECT current_setting('server_version_num')::int < 170000 AS before_17 \gset
\if :before_17
\echo 'no MAINTAIN privilege or pg_maintain before PostgreSQL 17'
\quit
\endif
CREATE ROLE s17_owner NOLOGIN;
CREATE ROLE s17_maint LOGIN;
CREATE ROLE s17_reader LOGIN;
CREATE SCHEMA s17 AUTHORIZATION s17_owner;
GRANT USAGE ON SCHEMA s17 TO s17_maint, s17_reader;
GRANT pg_maintain TO s17_maint, s17_reader;
SET ROLE s17_owner;
CREATE TABLE s17.t (id int PRIMARY KEY);
GRANT MAINTAIN ON s17.t TO s17_maint;
GRANT SELECT ON s17.t TO s17_reader;
RESET ROLE;

-- MAINTAIN and pg_maintain give nothing the job reads or writes.
SELECT object_name, privilege, status, via, fix
  FROM preflight.check('source', 's17_maint', ARRAY['s17']) WHERE object_type = 'table';
SELECT object_name, privilege, status, via, fix
  FROM preflight.check('source', 's17_reader', ARRAY['s17']) WHERE object_type = 'table';
SELECT object_name, privilege, status, via
  FROM preflight.check('destination', 's17_owner', ARRAY['s17'], '{"truncate": true}')
 WHERE object_type = 'table' ORDER BY privilege;
SELECT schema_name, table_name, can_select, can_insert, can_update, can_delete, can_truncate, via
  FROM preflight.table_access('s17_maint', ARRAY['s17']);
-- The facts: the owner's entry holds its job privileges (127), not
-- MAINTAIN (16384); the grantee of MAINTAIN alone holds none.
SELECT regexp_replace(line, '[0-9]{5,}', 'N', 'g') AS line
  FROM regexp_split_to_table(preflight.facts('source', 's17_maint', ARRAY['s17']), E'\n') AS line
 WHERE line ~ '^table ';

-- PostgreSQL agrees.
SELECT has_table_privilege('s17_maint', 's17.t', 'MAINTAIN') AS maintain,
       has_table_privilege('s17_maint', 's17.t', 'SELECT') AS select;
BEGIN;
SET ROLE s17_maint;
SELECT "t"."id" FROM "s17"."t" AS "t" ORDER BY "t"."id" ASC LIMIT 100000;
ROLLBACK;
BEGIN;
SET ROLE s17_reader;
SELECT "t"."id" FROM "s17"."t" AS "t" ORDER BY "t"."id" ASC LIMIT 100000;
ROLLBACK;

DROP SCHEMA s17 CASCADE;
DROP ROLE s17_owner, s17_maint, s17_reader;
