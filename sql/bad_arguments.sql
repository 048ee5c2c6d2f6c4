-- Every SQL-callable function with NULL in each argument, wrong types,
-- malformed options, empty, NULL-holding and huge arrays, over-long names
-- and objects that do not exist: a sensible answer or an ERROR that names
-- the argument and says how to fix it; never a crash (scripts/test reads
-- the server log for crashes and leak warnings after the run). Errors
-- show their HINT: the how-to-fix part.
CREATE ROLE ba_role LOGIN;
CREATE SCHEMA ba;
CREATE TABLE ba.t (id int);
GRANT USAGE ON SCHEMA ba TO ba_role;

-- NULL in each argument of the four check-shaped functions.
SELECT count(*) FROM preflight.check(NULL, 'ba_role', '{ba}', '{}');
SELECT count(*) FROM preflight.check('source', NULL, '{ba}', '{}');
SELECT count(*) > 0 AS every_schema FROM preflight.check('source', 'ba_role', NULL, '{}');
SELECT count(*) FROM preflight.check('source', 'ba_role', '{ba}', NULL);
SELECT preflight.ready(NULL, 'ba_role', '{ba}', '{}');
SELECT preflight.ready('source', NULL, '{ba}', '{}');
SELECT preflight.ready('source', 'ba_role', '{ba}', NULL);
SELECT preflight.fix_script(NULL, 'ba_role', '{ba}', '{}');
SELECT preflight.fix_script('source', NULL, '{ba}', '{}');
SELECT preflight.fix_script('source', 'ba_role', '{ba}', NULL);
SELECT preflight.facts(NULL, 'ba_role', '{ba}', '{}');
SELECT preflight.facts('source', NULL, '{ba}', '{}');
SELECT preflight.facts('source', 'ba_role', '{ba}', NULL) <> '' AS has_facts;
SELECT preflight.check(NULL, NULL, NULL, NULL);
-- ... and of the access matrices.
SELECT count(*) FROM preflight.table_access(NULL, '{ba}');
SELECT count(*) FROM preflight.sequence_access(NULL, '{ba}');
SELECT count(*) FROM preflight.function_access(NULL, '{ba}');
SELECT count(*) FROM preflight.schema_access(NULL, '{ba}');
SELECT count(*) >= 1 AS every_schema FROM preflight.table_access('ba_role', NULL);
SELECT count(*) FROM preflight.schema_access(NULL, NULL);

-- Jobs that are not jobs.
SELECT preflight.ready('', 'ba_role');
SELECT preflight.ready('SOURCE', 'ba_role');
SELECT preflight.ready(' source', 'ba_role');
SELECT preflight.ready('source; DROP TABLE ba.t', 'ba_role');
SELECT preflight.ready(pg_catalog.repeat('x', 100000), 'ba_role');
SELECT preflight.ready('sour' || chr(27) || '[2Jce', 'ba_role');
SELECT preflight.ready(E'source\n', 'ba_role');

-- Roles: unknown, empty, OID-like, PUBLIC, over-long (name truncates to 63 bytes).
SELECT preflight.ready('source', 'no_such_role');
SELECT preflight.ready('source', '');
SELECT preflight.ready('source', 'public');
SELECT preflight.ready('source', 'PUBLIC');
SELECT preflight.ready('source', pg_catalog.repeat('r', 200));
SELECT count(*) FROM preflight.table_access('', '{ba}');
SELECT count(*) FROM preflight.table_access('10', '{ba}');
SELECT preflight.ready('source', '10');

-- Options: not an object, unknown keys, wrong-typed values, nesting.
SELECT preflight.ready('destination', 'ba_role', '{ba}', '[]');
SELECT preflight.ready('destination', 'ba_role', '{ba}', '"truncate"');
SELECT preflight.ready('destination', 'ba_role', '{ba}', 'null');
SELECT preflight.ready('destination', 'ba_role', '{ba}', 'true');
SELECT preflight.ready('destination', 'ba_role', '{ba}', '42');
SELECT preflight.ready('destination', 'ba_role', '{ba}', '{"truncate": {"nested": true}}');
SELECT preflight.ready('destination', 'ba_role', '{ba}', '{"truncate": [true]}');
SELECT preflight.ready('destination', 'ba_role', '{ba}', '{"truncate": null}');
SELECT preflight.ready('destination', 'ba_role', '{ba}', '{"truncate": 1}');
SELECT preflight.ready('destination', 'ba_role', '{ba}', '{"truncate": "true"}');
SELECT preflight.ready('destination', 'ba_role', '{ba}', '{"on_conflict": null}');
SELECT preflight.ready('destination', 'ba_role', '{ba}', '{"on_conflict": ["update"]}');
SELECT preflight.ready('destination', 'ba_role', '{ba}', '{"on_conflict": "UPDATE"}');
SELECT preflight.ready('destination', 'ba_role', '{ba}', '{"": true}');
SELECT preflight.ready('destination', 'ba_role', '{ba}', '{"TRUNCATE": true}');
SELECT preflight.ready('destination', 'ba_role', '{ba}', '{"truncate": true, "truncate": false}');
SELECT preflight.ready('destination', 'ba_role', '{ba}', '{"truncate_cascade": true}');
SELECT preflight.ready('destination', 'ba_role', '{ba}',
  pg_catalog.jsonb_build_object('x' || chr(27) || '[31m', true));
SELECT preflight.ready('destination', 'ba_role', '{ba}', '{}'::jsonb || (
  SELECT pg_catalog.jsonb_object_agg('k' || i, i) FROM pg_catalog.generate_series(1, 1000) i));
SELECT preflight.ready('source', 'ba_role', '{ba}', '{"truncate": false}');
SELECT preflight.ready('source', 'ba_role', '{ba}', '{"unknown": 1}');
SELECT preflight.ready('source', 'ba_role', '{ba}', '[]');

-- Schema arrays: empty, NULL elements, duplicates, two dimensions, bounds
-- not starting at 1, over-long and odd names, schemas that do not exist.
SELECT count(*) FROM preflight.check('source', 'ba_role', '{}');
SELECT count(*) FROM preflight.table_access('ba_role', '{}');
SELECT count(*) FROM preflight.check('source', 'ba_role', ARRAY[NULL]::name[]);
SELECT count(*) FROM preflight.table_access('ba_role', ARRAY['ba', NULL]::name[]);
SELECT count(*) FROM preflight.sequence_access('ba_role', ARRAY[NULL, NULL]::name[]);
SELECT count(*) FROM preflight.function_access('ba_role', '{{ba}}');
SELECT count(*) FROM preflight.schema_access('ba_role', '{{ba},{ba}}');
SELECT schema_name, can_use FROM preflight.schema_access('ba_role', '[5:6]={ba,ba}');
SELECT schema_name, can_use FROM preflight.schema_access('ba_role', '{ba,ba,BA,"",pg_catalog,pg_toast,information_schema}');
SELECT object_type, schema_name, status FROM preflight.check('source', 'ba_role', ARRAY[pg_catalog.repeat('s', 100)]::name[]);
SELECT object_name, status, detail FROM preflight.check('source', 'ba_role', '{no_such_schema}') WHERE status <> 'ok';
SELECT count(*) FROM preflight.table_access('ba_role', '{no_such_schema}');
-- A huge array: 100,000 schema names, one of them real.
SELECT count(*) AS rows, count(*) FILTER (WHERE status = 'missing') AS missing
  FROM preflight.check('source', 'ba_role',
       (SELECT pg_catalog.array_agg(('ba_' || i)::name) FROM pg_catalog.generate_series(1, 100000) i) || '{ba}'::name[]);
SELECT count(*) FROM preflight.table_access('ba_role',
       (SELECT pg_catalog.array_agg(('ba_' || i)::name) FROM pg_catalog.generate_series(1, 100000) i));
SELECT preflight.ready('source', 'ba_role',
       (SELECT pg_catalog.array_agg('ba'::name) FROM pg_catalog.generate_series(1, 100000) i));

-- Calls of the wrong shape are refused by PostgreSQL before they reach us.
SELECT preflight.ready('source', 'ba_role', '{ba}', '{}', 'extra');
SELECT preflight.ready(1, 'ba_role');
SELECT preflight.ready('source', 'ba_role', 'ba');
SELECT preflight.ready('source', 'ba_role', '{ba}', 'not json');
SELECT preflight.version(NULL);

-- A table dropped in the same transaction, an OID that names nothing.
BEGIN;
DROP TABLE ba.t;
SELECT count(*) FROM preflight.table_access('ba_role', '{ba}');
ROLLBACK;
SELECT count(*) FROM preflight.table_access('ba_role', '{ba}');
SELECT preflight.ready('source', 4294967295::oid::text);

-- In a failed transaction and inside a subtransaction that is rolled back.
BEGIN;
SAVEPOINT s;
SELECT preflight.ready('bogus', 'ba_role');
ROLLBACK TO SAVEPOINT s;
SELECT preflight.ready('source', 'ba_role', '{ba}');
COMMIT;

DROP SCHEMA ba CASCADE;
DROP ROLE ba_role;
