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

-- After the load: setval needs UPDATE on each column's own sequence and
-- SELECT on every column it runs for, the free-standing sequence's column
-- included (pg_get_serial_sequence gives NULL for it, so setval does nothing).
SELECT object_type, schema_name, object_name, column_name, privilege, status, fix
  FROM preflight.check('destination', 'sq_loader', ARRAY['sq'])
 WHERE needed_for = 'reset sequences'
 ORDER BY object_type, object_name, column_name, privilege;
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

-- The truncate: TRUNCATE ... RESTART IDENTITY needs ownership of the serial
-- and identity sequences, ALTER SEQUENCE RESTART of the serial one (the
-- sequences a default calls nextval on). Neosync names the free-standing
-- sequence in the table's schema, "sq"."shared", which does not exist: a
-- warning, and the restart is skipped.
SELECT object_type, schema_name, object_name, privilege, status, fix
  FROM preflight.check('destination', 'sq_loader', ARRAY['sq'], '{"truncate": true}')
 WHERE needed_for = 'truncate' AND object_type = 'sequence'
 ORDER BY schema_name, object_name, status;
GRANT TRUNCATE ON sq.t TO sq_loader;
BEGIN;
SET ROLE sq_loader;
TRUNCATE "sq"."t" RESTART IDENTITY;
ROLLBACK;
BEGIN;
SET ROLE sq_loader;
ALTER SEQUENCE "sq"."t_id_seq" RESTART;
ROLLBACK;
BEGIN;
SET ROLE sq_loader;
ALTER SEQUENCE "sq"."shared" RESTART;
ROLLBACK;

-- The source reads no sequence (Neosync never does); with read_sequences it
-- reads every sequence the table uses.
SELECT count(*) FROM preflight.check('source', 'sq_loader', ARRAY['sq'])
 WHERE needed_for = 'read sequences';
SELECT object_type, schema_name, object_name, privilege, status
  FROM preflight.check('source', 'sq_loader', ARRAY['sq'], '{"read_sequences": true}')
 WHERE needed_for = 'read sequences';

-- reset_sequences off: no row for that step.
SELECT count(*) FROM preflight.check('destination', 'sq_loader', ARRAY['sq'],
                                     '{"reset_sequences": false}')
 WHERE needed_for = 'reset sequences';
DROP SCHEMA sq CASCADE;
DROP SCHEMA sq_seqs CASCADE;
DROP ROLE sq_loader, sq_owner;
