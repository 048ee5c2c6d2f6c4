-- Connecting: LOGIN on the role, CONNECT on the database.
CREATE ROLE cn_nologin NOLOGIN;
CREATE ROLE cn_user LOGIN;
SELECT object_type, privilege, status, via, fix
  FROM preflight.check('source', 'cn_nologin', ARRAY[]::name[]);
SELECT object_type, privilege, status, via
  FROM preflight.check('source', 'cn_user', ARRAY[]::name[]);

-- Revoke CONNECT from PUBLIC on a database of our own.
CREATE DATABASE cn_db;
REVOKE CONNECT ON DATABASE cn_db FROM PUBLIC;
\c cn_db
CREATE EXTENSION pg_preflight;
SELECT object_type, privilege, status, via, replace(fix, current_database(), 'DB') AS fix
  FROM preflight.check('source', 'cn_user', ARRAY[]::name[]);
\c contrib_regression
DROP DATABASE cn_db;
DROP ROLE cn_nologin, cn_user;
