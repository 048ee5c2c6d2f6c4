-- The DBA matrices: one row per object, a flag per privilege, how it is held.
CREATE ROLE am_group NOLOGIN;
CREATE ROLE am_user LOGIN IN ROLE am_group;
CREATE SCHEMA am;
CREATE TABLE am.t (id serial PRIMARY KEY);
CREATE TABLE am.secret (id int);
ALTER TABLE am.secret ENABLE ROW LEVEL SECURITY;
CREATE FUNCTION am.f(int, text) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION am.g() RETURNS int LANGUAGE sql AS 'SELECT 1';
REVOKE EXECUTE ON FUNCTION am.g() FROM PUBLIC;
GRANT USAGE ON SCHEMA am TO am_group;
GRANT SELECT, INSERT ON am.t TO am_group;
GRANT DELETE ON am.t TO am_user;
GRANT SELECT ON am.secret TO am_user;
GRANT USAGE ON SEQUENCE am.t_id_seq TO am_user;

SELECT * FROM preflight.table_access('am_user', ARRAY['am']);
SELECT * FROM preflight.sequence_access('am_user', ARRAY['am']);
SELECT * FROM preflight.function_access('am_user', ARRAY['am']);
SELECT * FROM preflight.schema_access('am_user', ARRAY['am', 'public']);
-- The matrices agree with PostgreSQL's own functions.
SELECT t.table_name,
       t.can_select = has_table_privilege('am_user', format('am.%I', t.table_name), 'SELECT') AS s,
       t.can_insert = has_table_privilege('am_user', format('am.%I', t.table_name), 'INSERT') AS i,
       t.can_update = has_table_privilege('am_user', format('am.%I', t.table_name), 'UPDATE') AS u,
       t.can_delete = has_table_privilege('am_user', format('am.%I', t.table_name), 'DELETE') AS d,
       t.can_truncate = has_table_privilege('am_user', format('am.%I', t.table_name), 'TRUNCATE') AS tr
  FROM preflight.table_access('am_user', ARRAY['am']) t;
DROP SCHEMA am CASCADE;
DROP ROLE am_user, am_group;
