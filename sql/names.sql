-- Names with quotes, dots, spaces, backslashes and non-ASCII characters come
-- out intact, and every fix quotes them so that it runs.
CREATE ROLE "nm ""loader"".v2" LOGIN;
CREATE ROLE "nm_owner" NOLOGIN;
CREATE SCHEMA "nm sch.""q""" AUTHORIZATION nm_owner;
CREATE SCHEMA "nm_ünïcødé" AUTHORIZATION nm_owner;
SET ROLE nm_owner;
CREATE TABLE "nm sch.""q"""."tab.le ""x""" ("col ""1""" int, "back\slash" text, "SELECT" int);
CREATE TABLE "nm_ünïcødé"."tâble" (id serial PRIMARY KEY, "çolumn" text);
CREATE FUNCTION "nm sch.""q"""."f(x)"(int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT true';
REVOKE EXECUTE ON FUNCTION "nm sch.""q"""."f(x)"(int) FROM PUBLIC;
ALTER TABLE "nm sch.""q"""."tab.le ""x""" ADD CHECK ("nm sch.""q"""."f(x)"("SELECT"));
GRANT SELECT ("col ""1""") ON "nm sch.""q"""."tab.le ""x""" TO "nm ""loader"".v2";
RESET ROLE;

SELECT object_type, schema_name, object_name, column_name, privilege, status, fix
  FROM preflight.check('destination', 'nm "loader".v2',
                       ARRAY['nm sch."q"', 'nm_ünïcødé'], '{"truncate": true}')
 WHERE status <> 'ok'
 ORDER BY needed_for, schema_name, object_name, column_name, privilege;
SELECT object_type, schema_name, object_name, column_name, status
  FROM preflight.check('source', 'nm "loader".v2', ARRAY['nm sch."q"', 'nm_ünïcødé'])
 WHERE status <> 'ok';

-- Every fix runs, and afterwards the role is ready for both jobs.
SELECT preflight.fix_script('destination', 'nm "loader".v2',
                            ARRAY['nm sch."q"', 'nm_ünïcødé'], '{"truncate": true}') AS script \gset
:script
SELECT preflight.fix_script('source', 'nm "loader".v2', ARRAY['nm sch."q"', 'nm_ünïcødé']) AS script \gset
:script
SELECT preflight.ready('destination', 'nm "loader".v2', ARRAY['nm sch."q"', 'nm_ünïcødé'], '{"truncate": true}'),
       preflight.ready('source', 'nm "loader".v2', ARRAY['nm sch."q"', 'nm_ünïcødé']);
BEGIN;
SET ROLE "nm ""loader"".v2";
INSERT INTO "nm sch.""q"""."tab.le ""x""" ("col ""1""", "back\slash", "SELECT") VALUES (1, 'x', 1);
TRUNCATE "nm_ünïcødé"."tâble" RESTART IDENTITY;
SELECT "col ""1""", "back\slash", "SELECT" FROM "nm sch.""q"""."tab.le ""x""";
ROLLBACK;
DROP SCHEMA "nm sch.""q""" CASCADE;
DROP SCHEMA "nm_ünïcødé" CASCADE;
DROP OWNED BY "nm ""loader"".v2";
DROP ROLE "nm ""loader"".v2", nm_owner;
