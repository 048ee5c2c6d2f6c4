-- Rules the oracle found, each shown with PostgreSQL agreeing.
CREATE ROLE of_loader LOGIN;
CREATE ROLE of_writer LOGIN IN ROLE pg_write_all_data;
CREATE SCHEMA of_s;
GRANT USAGE ON SCHEMA of_s TO of_loader;
CREATE FUNCTION of_s.positive(int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 > 0';
REVOKE EXECUTE ON FUNCTION of_s.positive(int) FROM PUBLIC;

-- A domain's CHECK runs on every value written into its columns.
CREATE DOMAIN of_s.pos AS integer CHECK (of_s.positive(VALUE));
CREATE DOMAIN of_s.small_pos AS of_s.pos CHECK (VALUE < 100);
CREATE TABLE of_s.d (id int PRIMARY KEY, v of_s.small_pos);
GRANT INSERT ON of_s.d TO of_loader;
SELECT object_type, object_name, privilege, status, fix
  FROM preflight.check('destination', 'of_loader', ARRAY['of_s'], '{"reset_sequences": false}')
 WHERE needed_for = 'write' AND status <> 'ok';
BEGIN;
SET ROLE of_loader;
INSERT INTO of_s.d (id, v) OVERRIDING SYSTEM VALUE VALUES (1, 1);
ROLLBACK;

-- pg_write_all_data counts for INSERT alone, but not for ON CONFLICT DO
-- UPDATE when the ACL already grants the role UPDATE.
CREATE TABLE of_s.w (id int PRIMARY KEY, v int);
GRANT UPDATE, SELECT ON of_s.w TO PUBLIC;
SELECT needed_for, object_type, column_name, privilege, status
  FROM preflight.check('destination', 'of_writer', ARRAY['of_s'], '{"on_conflict": "update"}')
 WHERE object_name = 'w' AND privilege = 'INSERT';
BEGIN;
SET ROLE of_writer;
INSERT INTO of_s.w (id, v) VALUES (1, 1);
ROLLBACK;
BEGIN;
SET ROLE of_writer;
INSERT INTO of_s.w (id, v) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v;
ROLLBACK;

-- setval's SELECT MAX() reads through row-level security.
CREATE TABLE of_s.r (id serial PRIMARY KEY);
ALTER TABLE of_s.r ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON of_s.r USING (of_s.positive(id)) WITH CHECK (true);
GRANT SELECT, INSERT ON of_s.r TO of_loader;
GRANT UPDATE ON SEQUENCE of_s.r_id_seq TO of_loader;
SELECT object_type, object_name, privilege, status
  FROM preflight.check('destination', 'of_loader', ARRAY['of_s'])
 WHERE needed_for = 'reset sequences' AND status <> 'ok';
BEGIN;
SET ROLE of_loader;
SELECT setval(pg_get_serial_sequence('"of_s"."r"', 'id'), COALESCE((SELECT MAX("id") FROM "of_s"."r"), 1));
ROLLBACK;
DROP SCHEMA of_s CASCADE;
DROP ROLE of_loader, of_writer;
