-- INSERT ... ON CONFLICT: DO NOTHING (Neosync sends no conflict target)
-- needs what a plain insert needs; DO UPDATE SET c = EXCLUDED.c adds UPDATE
-- on c and SELECT on c and the primary key. Without a primary key Neosync
-- sends DO NOTHING under "update" too.
CREATE ROLE up_loader LOGIN;
CREATE SCHEMA up;
GRANT USAGE ON SCHEMA up TO up_loader;
CREATE TABLE up.keyed (k int PRIMARY KEY, c text, d text);
CREATE TABLE up.unique_only (k int NOT NULL UNIQUE, c text);
CREATE TABLE up.no_key (c text);
GRANT INSERT ON ALL TABLES IN SCHEMA up TO up_loader;

SELECT object_type, object_name, column_name, privilege, status
  FROM preflight.check('destination', 'up_loader', ARRAY['up'], '{"on_conflict": "nothing"}')
 WHERE needed_for = 'upsert' AND object_type <> 'schema'
 ORDER BY object_name, privilege, column_name;
BEGIN;
SET ROLE up_loader;
INSERT INTO "up"."keyed" ("k", "c", "d") VALUES (1, 'x', 'y') ON CONFLICT DO NOTHING;
INSERT INTO "up"."unique_only" ("k", "c") VALUES (1, 'x') ON CONFLICT DO NOTHING;
INSERT INTO "up"."no_key" ("c") VALUES ('x') ON CONFLICT DO NOTHING;
ROLLBACK;

SELECT object_type, object_name, column_name, privilege, status, fix
  FROM preflight.check('destination', 'up_loader', ARRAY['up'], '{"on_conflict": "update"}')
 WHERE needed_for = 'upsert' AND object_type <> 'schema'
 ORDER BY object_name, privilege, column_name;
BEGIN;
SET ROLE up_loader;
INSERT INTO up.keyed (k, c, d) VALUES (1, 'x', 'y')
    ON CONFLICT (k) DO UPDATE SET c = EXCLUDED.c, d = EXCLUDED.d;
ROLLBACK;
GRANT UPDATE (c, d), SELECT (k, c, d) ON up.keyed TO up_loader;
BEGIN;
SET ROLE up_loader;
INSERT INTO up.keyed (k, c, d) VALUES (1, 'x', 'y')
    ON CONFLICT (k) DO UPDATE SET c = EXCLUDED.c, d = EXCLUDED.d;
ROLLBACK;
SELECT object_type, object_name, column_name, privilege, status
  FROM preflight.check('destination', 'up_loader', ARRAY['up'], '{"on_conflict": "update"}')
 WHERE needed_for = 'upsert' AND object_name = 'keyed'
 ORDER BY privilege, column_name;
DROP SCHEMA up CASCADE;
DROP ROLE up_loader;
