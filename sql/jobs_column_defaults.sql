-- column_defaults "generate": columns with a default, identity and generated
-- columns are sent as DEFAULT, so the INSERT runs each default: a nextval
-- default needs USAGE (or UPDATE) on its sequence, a function in a default
-- needs EXECUTE, an identity column needs nothing. "copy" (the default) sends
-- every value and runs no default.
CREATE ROLE jcd_owner NOLOGIN;
CREATE ROLE jcd_loader LOGIN;
CREATE SCHEMA jcd AUTHORIZATION jcd_owner;
GRANT USAGE ON SCHEMA jcd TO jcd_loader;
SET ROLE jcd_owner;
CREATE FUNCTION jcd.make_tag() RETURNS text LANGUAGE sql VOLATILE AS $$SELECT 'tag'$$;
REVOKE EXECUTE ON FUNCTION jcd.make_tag() FROM PUBLIC;
CREATE TABLE jcd.serial_t (id serial PRIMARY KEY, name text);
CREATE TABLE jcd.ident_t (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);
CREATE TABLE jcd.func_t (id int PRIMARY KEY, tag text DEFAULT jcd.make_tag(), name text);
GRANT INSERT ON jcd.serial_t, jcd.ident_t, jcd.func_t TO jcd_loader;
RESET ROLE;

-- "generate": USAGE or UPDATE on the serial's sequence, EXECUTE on the
-- default's function; nothing for the identity column.
SELECT object_type, object_name, privilege, status, fix
  FROM preflight.check('destination', 'jcd_loader', ARRAY['jcd'], '{"column_defaults": "generate"}')
 WHERE needed_for = 'write' AND object_type <> 'schema'
 ORDER BY object_type, object_name, privilege;
SELECT detail
  FROM preflight.check('destination', 'jcd_loader', ARRAY['jcd'], '{"column_defaults": "generate"}')
 WHERE needed_for = 'write' AND status = 'missing'
 ORDER BY object_type, object_name;
-- No setval for the columns sent as DEFAULT.
SELECT count(*) AS reset_rows
  FROM preflight.check('destination', 'jcd_loader', ARRAY['jcd'], '{"column_defaults": "generate"}')
 WHERE needed_for = 'reset sequences';
SELECT preflight.ready('destination', 'jcd_loader', ARRAY['jcd'], '{"column_defaults": "generate"}');
-- PostgreSQL agrees.
BEGIN;
SET ROLE jcd_loader;
INSERT INTO "jcd"."serial_t" ("id", "name") VALUES (DEFAULT, 'a');
ROLLBACK;
BEGIN;
SET ROLE jcd_loader;
INSERT INTO "jcd"."func_t" ("id", "tag", "name") VALUES (1, DEFAULT, 'a');
ROLLBACK;
BEGIN;
SET ROLE jcd_loader;
INSERT INTO "jcd"."ident_t" ("id", "name") VALUES (DEFAULT, 'a');
ROLLBACK;

-- "copy": every value is sent, no default runs, nothing more is needed.
SELECT object_type, object_name, privilege, status
  FROM preflight.check('destination', 'jcd_loader', ARRAY['jcd'], '{"column_defaults": "copy"}')
 WHERE needed_for = 'write' AND object_type <> 'schema'
 ORDER BY object_type, object_name, privilege;
BEGIN;
SET ROLE jcd_loader;
INSERT INTO "jcd"."serial_t" ("id", "name") VALUES (1, 'a');
INSERT INTO "jcd"."func_t" ("id", "tag", "name") VALUES (1, 'x', 'a');
INSERT INTO "jcd"."ident_t" ("id", "name") OVERRIDING SYSTEM VALUE VALUES (1, 'a');
ROLLBACK;

-- USAGE alone is enough for nextval, and the check agrees.
GRANT USAGE ON SEQUENCE jcd.serial_t_id_seq TO jcd_loader;
SELECT object_name, privilege, status, via
  FROM preflight.check('destination', 'jcd_loader', ARRAY['jcd'], '{"column_defaults": "generate"}')
 WHERE needed_for = 'write' AND object_type = 'sequence';
BEGIN;
SET ROLE jcd_loader;
INSERT INTO "jcd"."serial_t" ("id", "name") VALUES (DEFAULT, 'a');
ROLLBACK;
REVOKE USAGE ON SEQUENCE jcd.serial_t_id_seq FROM jcd_loader;

-- The fix script makes the "generate" inserts succeed.
SELECT preflight.fix_script('destination', 'jcd_loader', ARRAY['jcd'], '{"column_defaults": "generate"}') AS script \gset
SELECT :'script';
:script
SELECT preflight.ready('destination', 'jcd_loader', ARRAY['jcd'], '{"column_defaults": "generate"}');
BEGIN;
SET ROLE jcd_loader;
INSERT INTO "jcd"."serial_t" ("id", "name") VALUES (DEFAULT, 'a');
INSERT INTO "jcd"."func_t" ("id", "tag", "name") VALUES (1, DEFAULT, 'a');
INSERT INTO "jcd"."ident_t" ("id", "name") VALUES (DEFAULT, 'a');
ROLLBACK;
DROP SCHEMA jcd CASCADE;
DROP ROLE jcd_loader, jcd_owner;
