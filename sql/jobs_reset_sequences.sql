-- reset_sequences: after each table is loaded Neosync runs
-- SELECT setval(pg_get_serial_sequence('"s"."t"', 'c'), COALESCE((SELECT MAX("c") FROM "s"."t"), 1));
-- for every identity column and every column whose default calls nextval.
-- SELECT on c is always needed (the subquery is checked even when the column
-- owns no sequence and setval gets NULL); UPDATE on the sequence when the
-- column owns one. A failure here is logged and the job goes on.
CREATE ROLE jrq_owner NOLOGIN;
CREATE ROLE jrq_loader LOGIN;
CREATE SCHEMA jrq AUTHORIZATION jrq_owner;
GRANT USAGE ON SCHEMA jrq TO jrq_loader;
SET ROLE jrq_owner;
CREATE SEQUENCE jrq.free_seq;
CREATE TABLE jrq.free_t (n bigint DEFAULT nextval('jrq.free_seq'), v text);
CREATE TABLE jrq.serial_t (id serial PRIMARY KEY, v text);
CREATE TABLE jrq.ident_t (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text);
CREATE TABLE jrq.plain_t (id int PRIMARY KEY, v text);
GRANT INSERT ON jrq.free_t, jrq.serial_t, jrq.ident_t, jrq.plain_t TO jrq_loader;
RESET ROLE;

-- The free-standing sequence: SELECT on the column only. The serial and
-- identity columns: SELECT on the column and UPDATE on their sequence. The
-- table without a sequence: nothing.
SELECT object_type, object_name, column_name, privilege, status, fix
  FROM preflight.check('destination', 'jrq_loader', ARRAY['jrq'])
 WHERE needed_for = 'reset sequences' AND object_type <> 'schema'
 ORDER BY object_type, object_name, column_name, privilege;
-- Each missing row says the job goes on.
SELECT DISTINCT status, detail LIKE '%Neosync logs this and goes on: %' AS survived
  FROM preflight.check('destination', 'jrq_loader', ARRAY['jrq'])
 WHERE needed_for = 'reset sequences' AND status = 'missing';
SELECT detail
  FROM preflight.check('destination', 'jrq_loader', ARRAY['jrq'])
 WHERE needed_for = 'reset sequences' AND object_name = 'free_t';
-- PostgreSQL agrees: without SELECT on n the statement fails although
-- pg_get_serial_sequence returns NULL for it.
BEGIN;
SET ROLE jrq_loader;
SELECT setval(pg_get_serial_sequence('"jrq"."free_t"', 'n'), COALESCE((SELECT MAX("n") FROM "jrq"."free_t"), 1));
ROLLBACK;
BEGIN;
SET ROLE jrq_loader;
SELECT setval(pg_get_serial_sequence('"jrq"."serial_t"', 'id'), COALESCE((SELECT MAX("id") FROM "jrq"."serial_t"), 1));
ROLLBACK;
BEGIN;
SET ROLE jrq_loader;
SELECT setval(pg_get_serial_sequence('"jrq"."ident_t"', 'id'), COALESCE((SELECT MAX("id") FROM "jrq"."ident_t"), 1));
ROLLBACK;
-- With SELECT on the column, the owned sequence still needs UPDATE.
GRANT SELECT (id) ON jrq.serial_t TO jrq_loader;
BEGIN;
SET ROLE jrq_loader;
SELECT setval(pg_get_serial_sequence('"jrq"."serial_t"', 'id'), COALESCE((SELECT MAX("id") FROM "jrq"."serial_t"), 1));
ROLLBACK;
REVOKE SELECT (id) ON jrq.serial_t FROM jrq_loader;

-- column_defaults "generate": those columns are sent as DEFAULT, no setval.
SELECT count(*) AS reset_rows
  FROM preflight.check('destination', 'jrq_loader', ARRAY['jrq'], '{"column_defaults": "generate"}')
 WHERE needed_for = 'reset sequences';

-- The fix script makes every setval succeed.
SELECT preflight.fix_script('destination', 'jrq_loader', ARRAY['jrq']) AS script \gset
SELECT :'script';
:script
SELECT preflight.ready('destination', 'jrq_loader', ARRAY['jrq']);
BEGIN;
SET ROLE jrq_loader;
INSERT INTO "jrq"."serial_t" ("id", "v") VALUES (7, 'a');
SELECT setval(pg_get_serial_sequence('"jrq"."free_t"', 'n'), COALESCE((SELECT MAX("n") FROM "jrq"."free_t"), 1));
SELECT setval(pg_get_serial_sequence('"jrq"."serial_t"', 'id'), COALESCE((SELECT MAX("id") FROM "jrq"."serial_t"), 1));
SELECT setval(pg_get_serial_sequence('"jrq"."ident_t"', 'id'), COALESCE((SELECT MAX("id") FROM "jrq"."ident_t"), 1));
ROLLBACK;
DROP SCHEMA jrq CASCADE;
DROP ROLE jrq_loader, jrq_owner;
