-- init_tables on a destination whose tables already exist: what Neosync
-- runs on every run. CREATE SCHEMA IF NOT EXISTS needs CREATE on the
-- database and CREATE TABLE IF NOT EXISTS CREATE on the schema even when
-- the objects exist; the DO blocks need USAGE on language plpgsql; the
-- unguarded ALTER SEQUENCE ... OWNED BY needs ownership of the sequence.
CREATE ROLE ji_owner NOLOGIN;
CREATE ROLE ji_loader LOGIN;
CREATE SCHEMA ji AUTHORIZATION ji_owner;
GRANT USAGE ON SCHEMA ji TO ji_loader;
SET ROLE ji_owner;
CREATE TABLE ji.t (id serial PRIMARY KEY, v text);
GRANT INSERT ON ji.t TO ji_loader;
RESET ROLE;

SELECT object_type, schema_name, object_name, privilege, status, via, fix
  FROM preflight.check('destination', 'ji_loader', ARRAY['ji'], '{"init_tables": true}')
 WHERE needed_for = 'create tables'
 ORDER BY object_type, object_name, privilege, status;
-- CREATE SCHEMA's failure is survived, and its row says so.
SELECT detail
  FROM preflight.check('destination', 'ji_loader', ARRAY['ji'], '{"init_tables": true}')
 WHERE needed_for = 'create tables' AND object_type = 'database';
-- PostgreSQL agrees, statement by statement.
BEGIN;
SET ROLE ji_loader;
CREATE SCHEMA IF NOT EXISTS "ji";
ROLLBACK;
BEGIN;
SET ROLE ji_loader;
CREATE TABLE IF NOT EXISTS "ji"."t" ("id" integer NOT NULL, "v" text);
ROLLBACK;
BEGIN;
SET ROLE ji_loader;
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conname = 't_pkey' AND conrelid = '"ji"."t"'::regclass) THEN ALTER TABLE "ji"."t" ADD CONSTRAINT "t_pkey" PRIMARY KEY ("id"); END IF; END $$;
ROLLBACK;
BEGIN;
SET ROLE ji_loader;
ALTER SEQUENCE "ji"."t_id_seq" OWNED BY "ji"."t"."id";
ROLLBACK;

-- Without USAGE on plpgsql (PUBLIC has it by default; revoked here for this
-- file only, and given back below) every DO block fails.
REVOKE USAGE ON LANGUAGE plpgsql FROM PUBLIC;
SELECT object_type, object_name, privilege, status, fix
  FROM preflight.check('destination', 'ji_loader', ARRAY['ji'], '{"init_tables": true}')
 WHERE needed_for = 'create tables' AND object_type = 'language';
BEGIN;
SET ROLE ji_loader;
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conname = 't_pkey' AND conrelid = '"ji"."t"'::regclass) THEN ALTER TABLE "ji"."t" ADD CONSTRAINT "t_pkey" PRIMARY KEY ("id"); END IF; END $$;
ROLLBACK;

-- The fix script (ownership of the table for the sequence, never ALTER
-- SEQUENCE ... OWNER TO) makes every statement succeed.
SELECT preflight.fix_script('destination', 'ji_loader', ARRAY['ji'], '{"init_tables": true}') AS script \gset
SELECT :'script';
:script
SELECT preflight.ready('destination', 'ji_loader', ARRAY['ji'], '{"init_tables": true}');
BEGIN;
SET ROLE ji_loader;
CREATE SCHEMA IF NOT EXISTS "ji";
CREATE TABLE IF NOT EXISTS "ji"."t" ("id" integer NOT NULL, "v" text);
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conname = 't_pkey' AND conrelid = '"ji"."t"'::regclass) THEN ALTER TABLE "ji"."t" ADD CONSTRAINT "t_pkey" PRIMARY KEY ("id"); END IF; END $$;
ALTER SEQUENCE "ji"."t_id_seq" OWNED BY "ji"."t"."id";
ROLLBACK;
GRANT USAGE ON LANGUAGE plpgsql TO PUBLIC;
-- PUBLIC has it again: a role holding nothing on plpgsql can use it.
SELECT pg_catalog.has_language_privilege('ji_owner', 'plpgsql', 'USAGE') AS public_usage_restored;
DROP SCHEMA ji CASCADE;
DROP OWNED BY ji_loader;
DROP ROLE ji_loader, ji_owner;
