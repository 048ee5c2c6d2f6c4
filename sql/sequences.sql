-- Sequences: read for the source, setval and ALTER SEQUENCE RESTART for
-- the destination.
CREATE ROLE sq_owner NOLOGIN;
CREATE ROLE sq_loader LOGIN;
CREATE SCHEMA sq AUTHORIZATION sq_owner;
CREATE SCHEMA sq_seqs AUTHORIZATION sq_owner;
GRANT USAGE ON SCHEMA sq TO sq_loader;
SET ROLE sq_owner;
CREATE SEQUENCE sq_seqs.shared;
CREATE TABLE sq.t (
    id serial PRIMARY KEY,
    ident bigint GENERATED ALWAYS AS IDENTITY,
    other bigint DEFAULT nextval('sq_seqs.shared'),
    v text);
GRANT INSERT, SELECT ON sq.t TO sq_loader;
RESET ROLE;

-- After the load: setval needs UPDATE on each column's sequence and SELECT
-- on the column; the free-standing sequence is not reset by setval.
SELECT object_type, schema_name, object_name, column_name, privilege, status, fix
  FROM preflight.check('destination', 'sq_loader', ARRAY['sq'])
 WHERE needed_for = 'reset sequences';
BEGIN;
SET ROLE sq_loader;
SELECT setval(pg_get_serial_sequence('"sq"."t"', 'id'), COALESCE((SELECT MAX("id") FROM "sq"."t"), 1));
ROLLBACK;
GRANT UPDATE ON SEQUENCE sq.t_id_seq, sq.t_ident_seq TO sq_loader;
BEGIN;
SET ROLE sq_loader;
SELECT setval(pg_get_serial_sequence('"sq"."t"', 'id'), COALESCE((SELECT MAX("id") FROM "sq"."t"), 1));
SELECT setval(pg_get_serial_sequence('"sq"."t"', 'ident'), COALESCE((SELECT MAX("ident") FROM "sq"."t"), 1));
ROLLBACK;

-- After a truncate: ALTER SEQUENCE RESTART on every sequence the table uses,
-- which needs ownership, and USAGE on the sequence's own schema.
SELECT object_type, schema_name, object_name, privilege, status, fix
  FROM preflight.check('destination', 'sq_loader', ARRAY['sq'], '{"truncate": true}')
 WHERE needed_for = 'reset sequences' AND status <> 'ok';
BEGIN;
SET ROLE sq_loader;
ALTER SEQUENCE sq.t_ident_seq RESTART;
ROLLBACK;
BEGIN;
SET ROLE sq_loader;
ALTER SEQUENCE sq_seqs.shared RESTART;
ROLLBACK;

-- The source reads every sequence the table uses.
SELECT object_type, schema_name, object_name, privilege, status
  FROM preflight.check('source', 'sq_loader', ARRAY['sq'])
 WHERE needed_for = 'read sequences';

-- reset_sequences off: no row for that step.
SELECT count(*) FROM preflight.check('destination', 'sq_loader', ARRAY['sq'],
                                     '{"reset_sequences": false}')
 WHERE needed_for = 'reset sequences';
DROP SCHEMA sq CASCADE;
DROP SCHEMA sq_seqs CASCADE;
DROP ROLE sq_loader, sq_owner;
