-- Bad input gets an error that names the bad value and the valid ones.
CREATE ROLE bi_role LOGIN;
SELECT * FROM preflight.check('bogus', 'bi_role');
SELECT * FROM preflight.check(NULL, 'bi_role');
SELECT * FROM preflight.check('source', NULL);
SELECT * FROM preflight.check('source', 'no_such_role');
SELECT * FROM preflight.check('destination', 'bi_role', NULL, '{"truncat": true}');
SELECT * FROM preflight.check('destination', 'bi_role', NULL, '{"truncate": "yes"}');
SELECT * FROM preflight.check('destination', 'bi_role', NULL, '{"on_conflict": "replace"}');
SELECT * FROM preflight.check('destination', 'bi_role', NULL, '{"on_conflict": 1}');
SELECT * FROM preflight.check('destination', 'bi_role', NULL, '[1, 2]');
SELECT * FROM preflight.check('destination', 'bi_role', NULL, '"truncate"');
SELECT * FROM preflight.check('source', 'bi_role', NULL, '{"truncate": true}');
SELECT * FROM preflight.check('source', 'bi_role', ARRAY['public', NULL]::name[]);
SELECT * FROM preflight.check('source', 'bi_role', ARRAY[['a'], ['b']]::name[]);
SELECT * FROM preflight.table_access(NULL);
SELECT * FROM preflight.table_access('no_such_role');
-- A schema that does not exist is a missing row, not an error.
SELECT object_type, object_name, privilege, needed_for, status, detail, fix
  FROM preflight.check('source', 'bi_role', ARRAY['no_such_schema']);
SELECT object_type, object_name, privilege, needed_for, status, detail, fix
  FROM preflight.check('destination', 'bi_role', ARRAY['no_such_schema']);
-- With create_schemas the job creates it: only CREATE on the database matters.
SELECT object_type, object_name, privilege, needed_for, status
  FROM preflight.check('destination', 'bi_role', ARRAY['no_such_schema'], '{"create_schemas": true}');
-- NULL options mean the defaults; an empty schema list checks nothing but connect.
SELECT count(*) FROM preflight.check('destination', 'bi_role', ARRAY[]::name[], NULL);
SELECT preflight.ready('source', 'bi_role', ARRAY[]::name[]);
DROP ROLE bi_role;
