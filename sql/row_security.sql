-- Row-level security: a warning for reads that may miss rows, missing for
-- writes no policy admits, EXECUTE on the functions policies call.
CREATE ROLE rs_owner NOLOGIN;
CREATE ROLE rs_user LOGIN;
CREATE ROLE rs_bypass LOGIN BYPASSRLS;
CREATE ROLE rs_member LOGIN IN ROLE rs_owner;
CREATE SCHEMA rs AUTHORIZATION rs_owner;
GRANT USAGE ON SCHEMA rs TO rs_user, rs_bypass;
SET ROLE rs_owner;
CREATE FUNCTION rs.allowed(int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 > 0';
REVOKE EXECUTE ON FUNCTION rs.allowed(int) FROM PUBLIC;
CREATE TABLE rs.no_policy (id int PRIMARY KEY);
CREATE TABLE rs.by_function (id int PRIMARY KEY);
CREATE TABLE rs.open_beside (id int PRIMARY KEY);
CREATE TABLE rs.forced (id int PRIMARY KEY);
CREATE TABLE rs.insert_ok (id int PRIMARY KEY);
ALTER TABLE rs.no_policy ENABLE ROW LEVEL SECURITY;
ALTER TABLE rs.by_function ENABLE ROW LEVEL SECURITY;
ALTER TABLE rs.open_beside ENABLE ROW LEVEL SECURITY;
ALTER TABLE rs.forced ENABLE ROW LEVEL SECURITY;
ALTER TABLE rs.forced FORCE ROW LEVEL SECURITY;
ALTER TABLE rs.insert_ok ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_fn ON rs.by_function USING (rs.allowed(id));
CREATE POLICY by_fn ON rs.open_beside USING (rs.allowed(id));
CREATE POLICY everything ON rs.open_beside USING (true);
CREATE POLICY ins ON rs.insert_ok FOR INSERT TO rs_user WITH CHECK (true);
CREATE POLICY sel ON rs.insert_ok FOR SELECT TO rs_user USING (id > 10);
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA rs TO rs_user, rs_bypass;
RESET ROLE;

-- Reads.
SELECT object_type, object_name, privilege, status, via
  FROM preflight.check('source', 'rs_user', ARRAY['rs'])
 WHERE needed_for = 'read' AND object_type <> 'schema'
 ORDER BY object_name, object_type, privilege;
SELECT object_name, detail FROM preflight.check('source', 'rs_user', ARRAY['rs'])
 WHERE status = 'warning' ORDER BY object_name;
SET ROLE rs_user;
SELECT count(*) FROM rs.no_policy;
SELECT count(*) FROM rs.by_function;
SELECT count(*) FROM rs.open_beside;
RESET ROLE;

-- Writes.
SELECT object_type, object_name, privilege, status, fix
  FROM preflight.check('destination', 'rs_user', ARRAY['rs'])
 WHERE needed_for = 'write' AND status <> 'ok'
 ORDER BY object_name, object_type, privilege;
BEGIN;
SET ROLE rs_user;
INSERT INTO rs.no_policy (id) VALUES (1);
ROLLBACK;
BEGIN;
SET ROLE rs_user;
INSERT INTO rs.by_function (id) VALUES (1);
ROLLBACK;
BEGIN;
SET ROLE rs_user;
INSERT INTO rs.open_beside (id) VALUES (1);
ROLLBACK;
BEGIN;
SET ROLE rs_user;
INSERT INTO rs.insert_ok (id) VALUES (1);
ROLLBACK;

-- Neosync's DO NOTHING has no conflict target: it reads no column, so new
-- rows need not pass the SELECT policies (a target such as ON CONFLICT (id)
-- would make them).
SELECT object_name, privilege, status, detail
  FROM preflight.check('destination', 'rs_user', ARRAY['rs'], '{"on_conflict": "nothing"}')
 WHERE needed_for = 'upsert' AND privilege = 'BYPASSRLS' AND object_name = 'insert_ok';
BEGIN;
SET ROLE rs_user;
INSERT INTO "rs"."insert_ok" ("id") VALUES (1) ON CONFLICT DO NOTHING;
ROLLBACK;
BEGIN;
SET ROLE rs_user;
INSERT INTO "rs"."insert_ok" ("id") VALUES (11) ON CONFLICT DO NOTHING;
ROLLBACK;

-- Who RLS does not apply to: BYPASSRLS, the owner's members unless FORCE.
SELECT r.rolname, c.object_name, c.status, c.via
  FROM (VALUES ('rs_bypass'), ('rs_member')) AS r(rolname),
       preflight.check('source', r.rolname::name, ARRAY['rs']) c
 WHERE c.privilege = 'BYPASSRLS'
 ORDER BY r.rolname, c.object_name;
SELECT schema_name, table_name, rls_limits FROM preflight.table_access('rs_member', ARRAY['rs']);

-- The fix script makes every write succeed.
SELECT preflight.fix_script('destination', 'rs_user', ARRAY['rs']) AS script \gset
SELECT :'script';
:script
SELECT preflight.ready('destination', 'rs_user', ARRAY['rs']);
BEGIN;
SET ROLE rs_user;
INSERT INTO rs.no_policy (id) VALUES (1);
INSERT INTO rs.by_function (id) VALUES (1);
INSERT INTO rs.forced (id) VALUES (1);
ROLLBACK;
DROP SCHEMA rs CASCADE;
DROP ROLE rs_user, rs_bypass, rs_member, rs_owner;
