-- The source job: schema USAGE, SELECT on every column, sequences.
CREATE ROLE sg_reader LOGIN;
CREATE ROLE sg_owner NOLOGIN;
CREATE SCHEMA sg AUTHORIZATION sg_owner;
SET ROLE sg_owner;
CREATE TABLE sg.direct (id serial PRIMARY KEY, v text);
CREATE TABLE sg.columns_all (a int, b int);
CREATE TABLE sg.columns_some (a int, b int, c int);
CREATE TABLE sg.nothing (id bigint GENERATED ALWAYS AS IDENTITY, v text);
GRANT SELECT ON sg.direct TO sg_reader;
GRANT SELECT (a, b) ON sg.columns_all TO sg_reader;
GRANT SELECT (a) ON sg.columns_some TO sg_reader;
RESET ROLE;

-- The table grants exist, but USAGE on the schema does not.
SELECT object_type, object_name, column_name, privilege, needed_for, status, via, fix
  FROM preflight.check('source', 'sg_reader', ARRAY['sg']);
SELECT preflight.ready('source', 'sg_reader', ARRAY['sg']);

-- PostgreSQL agrees: USAGE is the first thing the read fails on.
SET ROLE sg_reader;
SELECT * FROM sg.direct;
RESET ROLE;

GRANT USAGE ON SCHEMA sg TO sg_reader;
SELECT object_type, object_name, column_name, privilege, status, via
  FROM preflight.check('source', 'sg_reader', ARRAY['sg'])
 WHERE object_type IN ('schema', 'table', 'column') AND needed_for = 'read';

-- Column grants cover every column: the read works.
SET ROLE sg_reader;
SELECT a, b FROM sg.columns_all;
SELECT a, b, c FROM sg.columns_some;
RESET ROLE;

SELECT preflight.fix_script('source', 'sg_reader', ARRAY['sg']);
DROP SCHEMA sg CASCADE;
DROP ROLE sg_reader, sg_owner;
