-- Source job, read_sequences: Neosync never reads a sequence, so by default
-- the source needs nothing on them; with "read_sequences": true (what pg_dump
-- does) each sequence the tables use is read with
-- SELECT last_value, is_called FROM "s"."seq".
CREATE ROLE jrs_owner NOLOGIN;
CREATE ROLE jrs_reader LOGIN;
CREATE SCHEMA jrs AUTHORIZATION jrs_owner;
GRANT USAGE ON SCHEMA jrs TO jrs_reader;
SET ROLE jrs_owner;
CREATE SEQUENCE jrs.free;
CREATE TABLE jrs.t (
    id serial PRIMARY KEY,
    ident bigint GENERATED ALWAYS AS IDENTITY,
    other bigint DEFAULT nextval('jrs.free'),
    v text);
GRANT SELECT ON jrs.t TO jrs_reader;
RESET ROLE;

-- Default options: the read needs the table, no sequence row at all.
SELECT object_type, object_name, privilege, needed_for, status
  FROM preflight.check('source', 'jrs_reader', ARRAY['jrs'])
 WHERE object_type IN ('schema', 'table', 'column', 'sequence')
 ORDER BY needed_for, object_type, object_name, privilege;
SELECT preflight.ready('source', 'jrs_reader', ARRAY['jrs']);
-- Neosync's own read succeeds.
BEGIN;
SET ROLE jrs_reader;
SELECT "t"."id", "t"."ident", "t"."other", "t"."v" FROM "jrs"."t" AS "t" ORDER BY "t"."id" ASC LIMIT 100000;
ROLLBACK;

-- read_sequences: SELECT on each sequence (serial, identity, free-standing).
SELECT object_type, schema_name, object_name, privilege, status, fix
  FROM preflight.check('source', 'jrs_reader', ARRAY['jrs'], '{"read_sequences": true}')
 WHERE needed_for = 'read sequences'
 ORDER BY object_type, object_name, privilege;
SELECT preflight.ready('source', 'jrs_reader', ARRAY['jrs'], '{"read_sequences": true}');
-- PostgreSQL agrees: each read fails.
BEGIN;
SET ROLE jrs_reader;
SELECT last_value, is_called FROM "jrs"."t_id_seq";
ROLLBACK;
BEGIN;
SET ROLE jrs_reader;
SELECT last_value, is_called FROM "jrs"."t_ident_seq";
ROLLBACK;
BEGIN;
SET ROLE jrs_reader;
SELECT last_value, is_called FROM "jrs"."free";
ROLLBACK;

-- The fix script, run as superuser, makes every read succeed.
SELECT preflight.fix_script('source', 'jrs_reader', ARRAY['jrs'], '{"read_sequences": true}') AS script \gset
SELECT :'script';
:script
SELECT preflight.ready('source', 'jrs_reader', ARRAY['jrs'], '{"read_sequences": true}');
BEGIN;
SET ROLE jrs_reader;
SELECT last_value, is_called FROM "jrs"."t_id_seq";
SELECT last_value, is_called FROM "jrs"."t_ident_seq";
SELECT last_value, is_called FROM "jrs"."free";
ROLLBACK;
DROP SCHEMA jrs CASCADE;
DROP ROLE jrs_reader, jrs_owner;
