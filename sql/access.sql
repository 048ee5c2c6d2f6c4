-- The job's own role calls the functions for itself (1.1 grants USAGE on
-- the schema to PUBLIC); a DBA can take that back, and then the role is
-- refused with PostgreSQL's own error.
SET client_min_messages = warning;
CREATE ROLE access_job LOGIN;
CREATE SCHEMA access_s;
CREATE TABLE access_s.t (id int);
GRANT USAGE ON SCHEMA access_s TO access_job;
GRANT SELECT ON access_s.t TO access_job;
SET ROLE access_job;
SELECT preflight.ready('source', schemas => ARRAY['access_s']) AS ready_for_itself;
SELECT object_name, privilege, status, via
  FROM preflight.check('source', schemas => ARRAY['access_s'])
 WHERE object_type = 'table';
RESET ROLE;
REVOKE USAGE ON SCHEMA preflight FROM PUBLIC;
SET ROLE access_job;
SELECT preflight.ready('source', schemas => ARRAY['access_s']);
RESET ROLE;
GRANT USAGE ON SCHEMA preflight TO PUBLIC;
DROP TABLE access_s.t;
DROP SCHEMA access_s;
DROP ROLE access_job;
