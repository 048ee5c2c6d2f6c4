-- update_foreign_keys: rows of a table in a circular chain of foreign keys
-- (here a self-reference) are inserted with those columns NULL, then
-- UPDATE "s"."t" SET "fk" = ... WHERE ("pk" = ...). Without a primary key
-- Neosync sends no WHERE at all, so nothing is read.
CREATE ROLE juf_owner NOLOGIN;
CREATE ROLE juf_loader LOGIN;
CREATE SCHEMA juf AUTHORIZATION juf_owner;
GRANT USAGE ON SCHEMA juf TO juf_loader;
SET ROLE juf_owner;
CREATE TABLE juf.nopk (id int UNIQUE, parent int REFERENCES juf.nopk (id));
CREATE TABLE juf.withpk (id int PRIMARY KEY, parent int REFERENCES juf.withpk (id));
GRANT INSERT ON juf.nopk, juf.withpk TO juf_loader;
RESET ROLE;

-- No primary key: UPDATE on the column, no SELECT. With one: SELECT on it.
SELECT object_type, object_name, column_name, privilege, status, fix
  FROM preflight.check('destination', 'juf_loader', ARRAY['juf'])
 WHERE needed_for = 'update foreign keys' AND object_type <> 'schema'
 ORDER BY object_name, privilege, column_name;
BEGIN;
SET ROLE juf_loader;
UPDATE "juf"."nopk" SET "parent" = 1;
ROLLBACK;
BEGIN;
SET ROLE juf_loader;
UPDATE "juf"."withpk" SET "parent" = 1 WHERE ("id" = 1);
ROLLBACK;
-- UPDATE on the column is all the table without a key needs; the other
-- still needs SELECT on its key.
GRANT UPDATE (parent) ON juf.nopk, juf.withpk TO juf_loader;
SELECT object_name, column_name, privilege, status
  FROM preflight.check('destination', 'juf_loader', ARRAY['juf'])
 WHERE needed_for = 'update foreign keys' AND object_type <> 'schema'
 ORDER BY object_name, privilege, column_name;
BEGIN;
SET ROLE juf_loader;
INSERT INTO "juf"."nopk" ("id", "parent") VALUES (1, NULL);
UPDATE "juf"."nopk" SET "parent" = 1;
ROLLBACK;
BEGIN;
SET ROLE juf_loader;
UPDATE "juf"."withpk" SET "parent" = 1 WHERE ("id" = 1);
ROLLBACK;
REVOKE UPDATE (parent) ON juf.nopk, juf.withpk FROM juf_loader;

-- The fix script makes both updates succeed.
SELECT preflight.fix_script('destination', 'juf_loader', ARRAY['juf'], '{"reset_sequences": false}') AS script \gset
SELECT :'script';
:script
SELECT preflight.ready('destination', 'juf_loader', ARRAY['juf'], '{"reset_sequences": false}');
BEGIN;
SET ROLE juf_loader;
INSERT INTO "juf"."nopk" ("id", "parent") VALUES (1, NULL);
UPDATE "juf"."nopk" SET "parent" = 1;
INSERT INTO "juf"."withpk" ("id", "parent") VALUES (1, NULL);
UPDATE "juf"."withpk" SET "parent" = 1 WHERE ("id" = 1);
ROLLBACK;
DROP SCHEMA juf CASCADE;
DROP ROLE juf_loader, juf_owner;
