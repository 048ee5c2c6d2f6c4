-- Relations whose oids lie far apart, as in an old catalog: gathering then
-- keeps its hash maps instead of the oid-indexed array it builds for dense
-- oids (extension/gather_state.hpp), and the answer must be the same.
CREATE ROLE so_writer LOGIN;
CREATE SCHEMA so;
CREATE TABLE so.first (id serial PRIMARY KEY, v text);
-- Large objects take their oids from the same counter as tables (500 per
-- transaction: each unlink holds a lock until commit).
DO $$
BEGIN
    FOR i IN 1..60 LOOP
        PERFORM pg_catalog.lo_unlink(pg_catalog.lo_create(0))
           FROM pg_catalog.generate_series(1, 500);
        COMMIT;
    END LOOP;
END
$$;
CREATE TABLE so.second (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        first_id int REFERENCES so.first);
GRANT USAGE ON SCHEMA so TO so_writer;
GRANT INSERT, SELECT ON so.first TO so_writer;
GRANT USAGE ON SEQUENCE so.first_id_seq TO so_writer;

-- The array is skipped: its 4-byte slots may span 32 oids per relation
-- (plus 4096), and these two alone are 30,000 apart.
SELECT 'so.second'::pg_catalog.regclass::pg_catalog.oid::pg_catalog.int8
       - 'so.first'::pg_catalog.regclass::pg_catalog.oid::pg_catalog.int8 > 30000 AS far_apart,
       (SELECT count(*) FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind IN ('r', 'p', 'S')
           AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')) * 32 + 4096
       < 30000 AS too_sparse_for_the_array;

-- Each table still finds its sequence (serial by its default, identity by
-- pg_depend), and each sequence its table.
SELECT object_type, object_name, privilege, needed_for, status, via, fix
  FROM preflight.check('destination', 'so_writer', ARRAY['so'], '{"truncate": true}')
 WHERE object_type IN ('table', 'sequence')
 ORDER BY needed_for, object_type, object_name, privilege;
SELECT object_name, column_name, privilege, status
  FROM preflight.check('source', 'so_writer', ARRAY['so'])
 ORDER BY object_type, object_name, column_name, privilege;

DROP SCHEMA so CASCADE;
DROP ROLE so_writer;
