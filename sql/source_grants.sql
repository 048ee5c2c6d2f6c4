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

-- Most tables readable whole: the check reads the columns of the one that
-- is not by itself (an index scan, not a pass over pg_attribute), and finds
-- the same: the columns granted and the one missing, in column order.
CREATE SCHEMA sg2 AUTHORIZATION sg_owner;
SET ROLE sg_owner;
CREATE TABLE sg2.t1 (a int);
CREATE TABLE sg2.t2 (a int);
CREATE TABLE sg2.t3 (a int);
CREATE TABLE sg2.t4 (a int);
CREATE TABLE sg2.partial (a int, dropped int, "we""ird" int, b int);
ALTER TABLE sg2.partial DROP COLUMN dropped;
GRANT USAGE ON SCHEMA sg2 TO sg_reader;
GRANT SELECT ON sg2.t1, sg2.t2, sg2.t3, sg2.t4 TO sg_reader;
GRANT SELECT (a, "we""ird") ON sg2.partial TO sg_reader;
RESET ROLE;
SELECT object_type, object_name, column_name, privilege, status, via, fix
  FROM preflight.check('source', 'sg_reader', ARRAY['sg2'])
 WHERE needed_for = 'read';
-- PostgreSQL agrees: the granted columns read, the other does not.
SET ROLE sg_reader;
SELECT a, "we""ird" FROM sg2.partial;
SELECT b FROM sg2.partial;
RESET ROLE;
DROP SCHEMA sg2 CASCADE;

DROP SCHEMA sg CASCADE;
DROP ROLE sg_reader, sg_owner;
