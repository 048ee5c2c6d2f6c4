-- create_schemas and init_tables: CREATE on the database (even when the
-- schema exists), CREATE on each schema (even when the table exists). The
-- column types are not checked for an existing table: CREATE TABLE IF NOT
-- EXISTS returns before it looks at them.
CREATE ROLE co_loader LOGIN;
CREATE ROLE co_owner NOLOGIN;
CREATE SCHEMA co AUTHORIZATION co_owner;
CREATE SCHEMA co_types AUTHORIZATION co_owner;
CREATE TYPE co_types.mood AS ENUM ('ok', 'meh');
REVOKE USAGE ON TYPE co_types.mood FROM PUBLIC;
CREATE TABLE co.t (id int, m co_types.mood, ms co_types.mood[]);
GRANT USAGE ON SCHEMA co TO co_loader;

SELECT object_type, schema_name, object_name, privilege, needed_for, status, fix
  FROM preflight.check('destination', 'co_loader', ARRAY['co', 'co_new'],
                       '{"create_schemas": true, "init_tables": true}')
 WHERE needed_for IN ('create schemas', 'create tables')
 ORDER BY needed_for, object_type, object_name;
BEGIN;
SET ROLE co_loader;
CREATE SCHEMA IF NOT EXISTS co;
ROLLBACK;
BEGIN;
SET ROLE co_loader;
CREATE TABLE IF NOT EXISTS "co"."t" ("id" integer, "m" "co_types"."mood", "ms" "co_types"."mood"[]);
ROLLBACK;
SELECT preflight.fix_script('destination', 'co_loader', ARRAY['co', 'co_new'],
                            '{"create_schemas": true, "init_tables": true}') AS script \gset
:script
BEGIN;
SET ROLE co_loader;
CREATE SCHEMA IF NOT EXISTS co;
CREATE SCHEMA IF NOT EXISTS co_new;
CREATE TABLE IF NOT EXISTS "co"."t" ("id" integer, "m" "co_types"."mood", "ms" "co_types"."mood"[]);
ROLLBACK;
DROP SCHEMA co CASCADE;
DROP SCHEMA co_types CASCADE;
DROP OWNED BY co_loader;
DROP ROLE co_loader, co_owner;
