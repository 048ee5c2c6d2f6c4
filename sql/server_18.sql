-- What PostgreSQL 18 changed for the job: virtual generated columns, NOT
-- ENFORCED constraints, keys WITHOUT OVERLAPS and NOT NULL rows in
-- pg_constraint. Other majors have none of them (expected/server_18_1.out).
SELECT current_setting('server_version_num')::int < 180000 AS before_18 \gset
\if :before_18
\echo 'no virtual generated columns, NOT ENFORCED or WITHOUT OVERLAPS before PostgreSQL 18'
\quit
\endif
CREATE EXTENSION btree_gist; -- the int part of a key WITHOUT OVERLAPS
CREATE ROLE s18_owner NOLOGIN;
CREATE ROLE s18_other NOLOGIN;
CREATE ROLE s18_loader LOGIN;
CREATE SCHEMA s18 AUTHORIZATION s18_owner;
GRANT USAGE ON SCHEMA s18 TO s18_loader, s18_other;
SET ROLE s18_owner;
CREATE FUNCTION s18.positive(int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 > 0';
REVOKE EXECUTE ON FUNCTION s18.positive(int) FROM PUBLIC;
-- A virtual generated column is never written: no INSERT on it is needed.
CREATE TABLE s18.virtual (id int PRIMARY KEY, n int NOT NULL, doubled int GENERATED ALWAYS AS (n * 2) VIRTUAL);
GRANT INSERT (id, n) ON s18.virtual TO s18_loader;
-- A CHECK NOT ENFORCED calls nothing; an enforced one does.
CREATE TABLE s18.checks (id int, n int,
  CONSTRAINT unenforced CHECK (s18.positive(n)) NOT ENFORCED,
  CONSTRAINT enforced CHECK (n <> 0));
GRANT INSERT ON s18.checks TO s18_loader;
RESET ROLE;
-- A foreign key NOT ENFORCED runs no check as the referenced table's owner,
-- who here may not read it; the enforced one to the same table does.
CREATE SCHEMA s18_ref AUTHORIZATION s18_other;
SET ROLE s18_other;
CREATE TABLE s18_ref.parent (id int PRIMARY KEY);
GRANT REFERENCES ON s18_ref.parent TO s18_owner;
GRANT USAGE ON SCHEMA s18_ref TO s18_owner;
REVOKE SELECT, UPDATE ON s18_ref.parent FROM s18_other;
RESET ROLE;
SET ROLE s18_owner;
CREATE TABLE s18.loose (id int, parent int REFERENCES s18_ref.parent NOT ENFORCED);
CREATE TABLE s18.strict (id int, parent int REFERENCES s18_ref.parent);
GRANT INSERT ON s18.loose, s18.strict TO s18_loader;
-- A key WITHOUT OVERLAPS is no ON CONFLICT target.
CREATE TABLE s18.periods (id int, during daterange, v int, UNIQUE (id, during WITHOUT OVERLAPS), UNIQUE (v));
GRANT INSERT ON s18.periods TO s18_loader;
-- A primary key WITHOUT OVERLAPS is the job's key, but no ON CONFLICT
-- can name it: the upsert's DO UPDATE fails whatever the privileges.
CREATE TABLE s18.booked (room int, during daterange, v int, PRIMARY KEY (room, during WITHOUT OVERLAPS));
GRANT INSERT, UPDATE, SELECT ON s18.booked TO s18_loader;
RESET ROLE;

SELECT object_type, object_name, column_name, privilege, status, via, fix
  FROM preflight.check('destination', 's18_loader', ARRAY['s18'])
 WHERE needed_for = 'write' AND object_type <> 'schema'
 ORDER BY object_name, object_type, column_name, privilege;
SELECT object_name, privilege, status, detail
  FROM preflight.check('destination', 's18_loader', ARRAY['s18'], '{"on_conflict": "update"}')
 WHERE needed_for = 'upsert' AND status <> 'ok' ORDER BY object_name, privilege;
-- Only the enforced foreign key is checked as the referenced owner.
SELECT substring(detail FROM '^Foreign key [^ ]+') AS foreign_key, privilege, status
  FROM preflight.check('destination', 's18_loader', ARRAY['s18'])
 WHERE needed_for = 'write' AND object_name = 'parent' ORDER BY 1, 2;
-- The facts: the virtual column is generated, the loose foreign key is not
-- enforced, the period key is no unique key, NOT NULL rows add no CHECK.
-- (user OIDs, five digits and more, masked)
SELECT regexp_replace(line, '[0-9]{5,}', 'N', 'g') AS line
  FROM regexp_split_to_table(preflight.facts('destination', 's18_loader', ARRAY['s18']), E'\n') AS line
 WHERE line ~ '^(table |  (column|fk) )' ORDER BY line COLLATE "C";

-- PostgreSQL agrees (as a superuser, for the ON CONFLICT target).
BEGIN;
SET ROLE s18_loader;
INSERT INTO s18.virtual (id, n) VALUES (1, 1);
INSERT INTO s18.checks (id, n) VALUES (1, 1);
INSERT INTO s18.loose (id, parent) VALUES (1, 1);
ROLLBACK;
BEGIN;
SET ROLE s18_loader;
INSERT INTO s18.strict (id, parent) VALUES (1, NULL);
INSERT INTO s18.strict (id, parent) VALUES (1, 1);
ROLLBACK;
BEGIN;
INSERT INTO s18.periods VALUES (1, '[2020-01-01,2021-01-01)', 1) ON CONFLICT (id, during) DO NOTHING;
ROLLBACK;
BEGIN;
INSERT INTO s18.booked VALUES (1, '[2020-01-01,2021-01-01)', 1) ON CONFLICT (room, during) DO UPDATE SET v = EXCLUDED.v;
ROLLBACK;

DROP SCHEMA s18, s18_ref CASCADE;
DROP ROLE s18_owner, s18_other, s18_loader;
DROP EXTENSION btree_gist;
