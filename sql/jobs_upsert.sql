-- Upsert as Neosync sends it. "nothing": INSERT ... ON CONFLICT DO NOTHING,
-- no conflict target, so nothing is read. "update": INSERT ... ON CONFLICT
-- ("pk") DO UPDATE SET "c" = EXCLUDED."c" for every non-key column: UPDATE
-- and SELECT on c, SELECT on the key. A table without a primary key gets
-- DO NOTHING under "update" too.
CREATE ROLE jup_owner NOLOGIN;
CREATE ROLE jup_loader LOGIN;
CREATE SCHEMA jup AUTHORIZATION jup_owner;
GRANT USAGE ON SCHEMA jup TO jup_loader;
SET ROLE jup_owner;
CREATE TABLE jup.keyed (id int PRIMARY KEY, c text, g int GENERATED ALWAYS AS (id * 2) STORED);
CREATE TABLE jup.unique_only (k int NOT NULL UNIQUE, c text);
CREATE TABLE jup.no_key (c text);
GRANT INSERT ON jup.keyed, jup.unique_only, jup.no_key TO jup_loader;
RESET ROLE;

-- "nothing": INSERT is all, no SELECT on any key, no warning.
SELECT object_type, object_name, column_name, privilege, status
  FROM preflight.check('destination', 'jup_loader', ARRAY['jup'], '{"on_conflict": "nothing"}')
 WHERE needed_for = 'upsert' AND object_type <> 'schema'
 ORDER BY object_name, privilege, column_name, status;
SELECT preflight.ready('destination', 'jup_loader', ARRAY['jup'],
                       '{"on_conflict": "nothing", "reset_sequences": false}');
BEGIN;
SET ROLE jup_loader;
INSERT INTO "jup"."keyed" ("id", "c") VALUES (1, 'x') ON CONFLICT DO NOTHING;
INSERT INTO "jup"."unique_only" ("k", "c") VALUES (1, 'x') ON CONFLICT DO NOTHING;
INSERT INTO "jup"."no_key" ("c") VALUES ('x') ON CONFLICT DO NOTHING;
ROLLBACK;

-- "update": the keyed table needs UPDATE and SELECT on c, SELECT on id (not
-- on the generated column g, which is neither sent nor set); the tables
-- without a primary key get DO NOTHING (no SELECT, no warning).
SELECT object_type, object_name, column_name, privilege, status, fix
  FROM preflight.check('destination', 'jup_loader', ARRAY['jup'], '{"on_conflict": "update"}')
 WHERE needed_for = 'upsert' AND object_type <> 'schema'
 ORDER BY object_name, privilege, column_name, status;
SELECT preflight.ready('destination', 'jup_loader', ARRAY['jup'],
                       '{"on_conflict": "update", "reset_sequences": false}');
BEGIN;
SET ROLE jup_loader;
INSERT INTO "jup"."keyed" ("id", "c") VALUES (1, 'x') ON CONFLICT ("id") DO UPDATE SET "c" = EXCLUDED."c";
ROLLBACK;
BEGIN;
SET ROLE jup_loader;
INSERT INTO "jup"."unique_only" ("k", "c") VALUES (1, 'x') ON CONFLICT DO NOTHING;
INSERT INTO "jup"."no_key" ("c") VALUES ('x') ON CONFLICT DO NOTHING;
ROLLBACK;
-- Each privilege is needed: UPDATE and SELECT on c and SELECT on the key.
GRANT UPDATE (c), SELECT (c) ON jup.keyed TO jup_loader;
BEGIN;
SET ROLE jup_loader;
INSERT INTO "jup"."keyed" ("id", "c") VALUES (1, 'x') ON CONFLICT ("id") DO UPDATE SET "c" = EXCLUDED."c";
ROLLBACK;
REVOKE UPDATE (c), SELECT (c) ON jup.keyed FROM jup_loader;
GRANT UPDATE (c), SELECT (id) ON jup.keyed TO jup_loader;
BEGIN;
SET ROLE jup_loader;
INSERT INTO "jup"."keyed" ("id", "c") VALUES (1, 'x') ON CONFLICT ("id") DO UPDATE SET "c" = EXCLUDED."c";
ROLLBACK;
REVOKE UPDATE (c), SELECT (id) ON jup.keyed FROM jup_loader;
GRANT SELECT (id, c) ON jup.keyed TO jup_loader;
BEGIN;
SET ROLE jup_loader;
INSERT INTO "jup"."keyed" ("id", "c") VALUES (1, 'x') ON CONFLICT ("id") DO UPDATE SET "c" = EXCLUDED."c";
ROLLBACK;
REVOKE SELECT (id, c) ON jup.keyed FROM jup_loader;

-- The fix script makes the upsert succeed.
SELECT preflight.fix_script('destination', 'jup_loader', ARRAY['jup'],
                            '{"on_conflict": "update", "reset_sequences": false}') AS script \gset
SELECT :'script';
:script
SELECT preflight.ready('destination', 'jup_loader', ARRAY['jup'],
                       '{"on_conflict": "update", "reset_sequences": false}');
BEGIN;
SET ROLE jup_loader;
INSERT INTO "jup"."keyed" ("id", "c") VALUES (1, 'x') ON CONFLICT ("id") DO UPDATE SET "c" = EXCLUDED."c";
INSERT INTO "jup"."keyed" ("id", "c") VALUES (1, 'y') ON CONFLICT ("id") DO UPDATE SET "c" = EXCLUDED."c";
INSERT INTO "jup"."unique_only" ("k", "c") VALUES (1, 'x') ON CONFLICT DO NOTHING;
INSERT INTO "jup"."no_key" ("c") VALUES ('x') ON CONFLICT DO NOTHING;
ROLLBACK;
DROP SCHEMA jup CASCADE;
DROP ROLE jup_loader, jup_owner;
