-- The write step: INSERT ... OVERRIDING SYSTEM VALUE with every
-- non-generated column, and what PostgreSQL checks while writing a row.
CREATE ROLE wr_owner NOLOGIN;
CREATE ROLE wr_loader LOGIN;
CREATE SCHEMA wr AUTHORIZATION wr_owner;
GRANT USAGE ON SCHEMA wr TO wr_loader;
SET ROLE wr_owner;
CREATE FUNCTION wr.positive(int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 > 0';
CREATE FUNCTION wr.twice(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 * 2';
CREATE FUNCTION wr.stamp() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
REVOKE EXECUTE ON FUNCTION wr.positive(int), wr.twice(int) FROM PUBLIC;
CREATE TABLE wr.checked (id int PRIMARY KEY, n int CHECK (wr.positive(n)));
CREATE TABLE wr.generated (id int PRIMARY KEY, n int, doubled int GENERATED ALWAYS AS (wr.twice(n)) STORED);
CREATE TABLE wr.identity (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text);
CREATE TABLE wr.columns (a int, b int, c int);
CREATE TABLE wr.triggered (id int);
CREATE TRIGGER stamp BEFORE INSERT ON wr.triggered FOR EACH ROW EXECUTE FUNCTION wr.stamp();
CREATE TABLE wr.parted (id int, region text) PARTITION BY LIST (region);
CREATE TABLE wr.parted_eu PARTITION OF wr.parted FOR VALUES IN ('eu');
GRANT INSERT ON wr.checked, wr.generated, wr.identity, wr.triggered, wr.parted TO wr_loader;
GRANT INSERT (a, b) ON wr.columns TO wr_loader;
RESET ROLE;

SELECT object_type, object_name, column_name, privilege, status, via, fix
  FROM preflight.check('destination', 'wr_loader', ARRAY['wr'])
 WHERE needed_for = 'write' AND object_type <> 'schema'
 ORDER BY object_name, object_type, column_name;
SELECT detail FROM preflight.check('destination', 'wr_loader', ARRAY['wr'])
 WHERE object_type = 'trigger';

-- PostgreSQL agrees.
BEGIN;
SET ROLE wr_loader;
INSERT INTO wr.checked (id, n) OVERRIDING SYSTEM VALUE VALUES (1, 1);
ROLLBACK;
BEGIN;
SET ROLE wr_loader;
INSERT INTO wr.generated (id, n) OVERRIDING SYSTEM VALUE VALUES (1, 1);
ROLLBACK;
BEGIN;
SET ROLE wr_loader;
INSERT INTO wr.identity (id, v) OVERRIDING SYSTEM VALUE VALUES (1, 'x');
INSERT INTO wr.triggered (id) OVERRIDING SYSTEM VALUE VALUES (1);
INSERT INTO wr.parted (id, region) OVERRIDING SYSTEM VALUE VALUES (1, 'eu');
ROLLBACK;
BEGIN;
SET ROLE wr_loader;
INSERT INTO wr.columns (a, b, c) OVERRIDING SYSTEM VALUE VALUES (1, 2, 3);
ROLLBACK;

SELECT preflight.fix_script('destination', 'wr_loader', ARRAY['wr'], '{"reset_sequences": false}') AS script \gset
SELECT :'script';
:script
BEGIN;
SET ROLE wr_loader;
INSERT INTO wr.checked (id, n) OVERRIDING SYSTEM VALUE VALUES (1, 1);
INSERT INTO wr.generated (id, n) OVERRIDING SYSTEM VALUE VALUES (1, 1);
INSERT INTO wr.columns (a, b, c) OVERRIDING SYSTEM VALUE VALUES (1, 2, 3);
ROLLBACK;
DROP SCHEMA wr CASCADE;
DROP ROLE wr_loader, wr_owner;
