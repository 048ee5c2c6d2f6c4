-- How a privilege is held: nested membership, NOINHERIT, PUBLIC, owner,
-- superuser and the predefined roles.
CREATE ROLE ms_owner NOLOGIN;
CREATE ROLE ms_group_outer NOLOGIN;
CREATE ROLE ms_group_inner NOLOGIN;
CREATE ROLE ms_nested LOGIN;
CREATE ROLE ms_noinherit LOGIN NOINHERIT;
CREATE ROLE ms_reader LOGIN;
CREATE ROLE ms_writer LOGIN;
CREATE ROLE ms_super LOGIN SUPERUSER;
GRANT ms_group_outer TO ms_group_inner;
GRANT ms_group_inner TO ms_nested;
GRANT ms_group_outer TO ms_noinherit;
GRANT pg_read_all_data TO ms_reader;
GRANT pg_write_all_data TO ms_writer;

CREATE SCHEMA ms AUTHORIZATION ms_owner;
CREATE TABLE ms.t (id int PRIMARY KEY, v text);
ALTER TABLE ms.t OWNER TO ms_owner;
CREATE TABLE ms.open (id int);
ALTER TABLE ms.open OWNER TO ms_owner;
GRANT USAGE ON SCHEMA ms TO ms_group_outer;
GRANT SELECT ON ms.t TO ms_group_outer;
GRANT SELECT ON ms.open TO PUBLIC;

SELECT r.rolname, c.object_name, c.privilege, c.status, c.via
  FROM (VALUES ('ms_nested'), ('ms_noinherit'), ('ms_reader'), ('ms_writer'),
               ('ms_super'), ('ms_owner')) AS r(rolname),
       preflight.check('source', r.rolname::name, ARRAY['ms']) c
 WHERE c.needed_for = 'read'
 ORDER BY r.rolname, c.object_type, c.object_name;

-- NOINHERIT: the group's grant is visible but does not count.
SELECT detail FROM preflight.check('source', 'ms_noinherit', ARRAY['ms'])
 WHERE object_name = 't' AND status = 'missing';

-- PostgreSQL agrees with every row above.
SET ROLE ms_nested;
SELECT count(*) FROM ms.t;
SET ROLE ms_noinherit;
SELECT count(*) FROM ms.t;
SET ROLE ms_reader;
SELECT count(*) FROM ms.t;
RESET ROLE;

-- pg_write_all_data writes but cannot truncate.
SELECT object_name, privilege, needed_for, status, via
  FROM preflight.check('destination', 'ms_writer', ARRAY['ms'], '{"truncate": true}')
 WHERE needed_for IN ('write', 'truncate')
 ORDER BY needed_for, object_type, object_name;

-- Revoking from PUBLIC takes the privilege away from everyone without another path.
REVOKE SELECT ON ms.open FROM PUBLIC;
SELECT object_name, status, via FROM preflight.check('source', 'ms_nested', ARRAY['ms'])
 WHERE object_name = 'open';
-- An owner who revoked its own privilege does not have it either.
REVOKE SELECT ON ms.open FROM ms_owner;
SELECT object_name, status, via FROM preflight.check('source', 'ms_owner', ARRAY['ms'])
 WHERE object_name = 'open';

DROP SCHEMA ms CASCADE;
DROP ROLE ms_owner, ms_group_outer, ms_group_inner, ms_nested, ms_noinherit,
          ms_reader, ms_writer, ms_super;
