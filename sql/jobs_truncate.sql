-- truncate: Neosync runs ONE statement over every table of the job,
-- TRUNCATE "s"."a", "s"."b", ... RESTART IDENTITY; then
-- ALTER SEQUENCE "s"."seq" RESTART; for every sequence a column default of
-- those tables references. References among the job's tables are fine; a
-- referencing table outside the job makes the TRUNCATE fail (0A000).
CREATE ROLE jtr_owner NOLOGIN;
CREATE ROLE jtr_loader LOGIN;
CREATE SCHEMA jtr AUTHORIZATION jtr_owner;
CREATE SCHEMA jtr_ser AUTHORIZATION jtr_owner;
CREATE SCHEMA jtr_out AUTHORIZATION jtr_owner;
GRANT USAGE ON SCHEMA jtr, jtr_ser TO jtr_loader;
SET ROLE jtr_owner;
CREATE SEQUENCE jtr.free_seq;
CREATE TABLE jtr.a (id int PRIMARY KEY, b_id int);
CREATE TABLE jtr.b (id int PRIMARY KEY, a_id int REFERENCES jtr.a, n bigint DEFAULT nextval('jtr.free_seq'));
ALTER TABLE jtr.a ADD FOREIGN KEY (b_id) REFERENCES jtr.b;
CREATE TABLE jtr_ser.s_t (id serial PRIMARY KEY);
GRANT TRUNCATE ON jtr.a, jtr.b, jtr_ser.s_t TO jtr_loader;
RESET ROLE;

-- Tables that reference each other: no warning. The free-standing sequence
-- of b's default is restarted with ALTER SEQUENCE, which needs ownership;
-- it can take ALTER SEQUENCE ... OWNER TO.
SELECT object_type, object_name, privilege, status, fix
  FROM preflight.check('destination', 'jtr_loader', ARRAY['jtr'], '{"truncate": true}')
 WHERE needed_for = 'truncate'
 ORDER BY object_type, object_name, privilege, status;
BEGIN;
SET ROLE jtr_loader;
TRUNCATE "jtr"."a", "jtr"."b" RESTART IDENTITY;
ROLLBACK;
BEGIN;
SET ROLE jtr_loader;
ALTER SEQUENCE "jtr"."free_seq" RESTART;
ROLLBACK;

-- A table outside the job references one of its tables: a warning naming it.
SET ROLE jtr_owner;
CREATE TABLE jtr_out.ref (a_id int REFERENCES jtr.a);
RESET ROLE;
SELECT object_name, privilege, status, detail
  FROM preflight.check('destination', 'jtr_loader', ARRAY['jtr'], '{"truncate": true}')
 WHERE needed_for = 'truncate' AND status = 'warning';
BEGIN;
SET ROLE jtr_loader;
TRUNCATE "jtr"."a", "jtr"."b" RESTART IDENTITY;
\echo :LAST_ERROR_SQLSTATE
ROLLBACK;
-- In the job's scope, the table is truncated with the others: no warning.
SELECT count(*) AS warnings
  FROM preflight.check('destination', 'jtr_loader', ARRAY['jtr', 'jtr_out'], '{"truncate": true}')
 WHERE needed_for = 'truncate' AND status = 'warning';
DROP TABLE jtr_out.ref;

-- A serial (owned) sequence: TRUNCATE ... RESTART IDENTITY and ALTER SEQUENCE
-- RESTART both need its ownership, and the fix is ownership of the table.
SELECT object_type, object_name, privilege, status, fix
  FROM preflight.check('destination', 'jtr_loader', ARRAY['jtr_ser'], '{"truncate": true}')
 WHERE needed_for = 'truncate'
 ORDER BY object_type, object_name, privilege, status;
BEGIN;
SET ROLE jtr_loader;
TRUNCATE "jtr_ser"."s_t" RESTART IDENTITY;
ROLLBACK;
BEGIN;
SET ROLE jtr_loader;
ALTER SEQUENCE "jtr_ser"."s_t_id_seq" RESTART;
ROLLBACK;
-- ALTER SEQUENCE ... OWNER TO is refused for it, even for a superuser.
BEGIN;
ALTER SEQUENCE "jtr_ser"."s_t_id_seq" OWNER TO "jtr_loader";
ROLLBACK;

-- The fix script, never ALTER SEQUENCE ... OWNER TO for the owned sequence,
-- makes the statements succeed.
SELECT preflight.fix_script('destination', 'jtr_loader', ARRAY['jtr', 'jtr_ser'], '{"truncate": true}') AS script \gset
SELECT :'script';
SELECT count(*) AS alter_owned_sequence
  FROM pg_catalog.regexp_matches(:'script', 'ALTER SEQUENCE "jtr_ser"', 'g');
:script
SELECT preflight.ready('destination', 'jtr_loader', ARRAY['jtr', 'jtr_ser'], '{"truncate": true}');
BEGIN;
SET ROLE jtr_loader;
TRUNCATE "jtr"."a", "jtr"."b", "jtr_ser"."s_t" RESTART IDENTITY;
ALTER SEQUENCE "jtr"."free_seq" RESTART;
ALTER SEQUENCE "jtr_ser"."s_t_id_seq" RESTART;
ROLLBACK;
DROP SCHEMA jtr CASCADE;
DROP SCHEMA jtr_ser CASCADE;
DROP SCHEMA jtr_out CASCADE;
DROP ROLE jtr_loader, jtr_owner;
