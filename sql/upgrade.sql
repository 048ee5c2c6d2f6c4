-- Every release upgrades to the latest: 1.0 installed as it shipped, then
-- ALTER EXTENSION ... UPDATE, must equal a fresh install of the latest
-- (functions, signatures, defaults, comments, proconfig, grants, the
-- schema's grants, the extension's members). In a database of its own, so
-- the other tests' extension stays as it is.
SET client_min_messages = warning;
CREATE DATABASE preflight_upgrade;
\c preflight_upgrade
SET client_min_messages = warning;
-- Every release reaches the latest.
SELECT source, path IS NOT NULL AS reaches_latest
  FROM pg_catalog.pg_extension_update_paths('pg_preflight') p
  JOIN pg_catalog.pg_available_extensions a ON a.name = 'pg_preflight'
 WHERE p.target = a.default_version
 ORDER BY source;
CREATE TEMP TABLE shape (install text, item text);
CREATE TEMP VIEW extension_shape AS
SELECT 'function ' || p.proname || '(' || pg_catalog.pg_get_function_arguments(p.oid) || ') '
       || pg_catalog.pg_get_function_result(p.oid)
       || ' ' || p.provolatile::text || p.proparallel::text || p.prosecdef::text
       || p.proisstrict::text
       || ' ' || COALESCE(pg_catalog.array_to_string(p.proconfig, ','), '')
       || ' acl ' || COALESCE(p.proacl::text, 'default')
       || ' comment ' || COALESCE(pg_catalog.obj_description(p.oid, 'pg_proc'), '') AS item
  FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'preflight'
UNION ALL
SELECT 'schema ' || n.nspname || ' acl ' || COALESCE(n.nspacl::text, 'default')
  FROM pg_catalog.pg_namespace n WHERE n.nspname = 'preflight'
UNION ALL
SELECT 'member ' || pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid)
  FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
 WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e'
   AND e.extname = 'pg_preflight';
CREATE EXTENSION pg_preflight VERSION '1.0';
SELECT extversion FROM pg_extension WHERE extname = 'pg_preflight';
-- 1.0 as shipped: no USAGE for PUBLIC on the schema.
SELECT pg_catalog.has_schema_privilege('public', 'preflight', 'USAGE') AS public_usage;
ALTER EXTENSION pg_preflight UPDATE;
SELECT e.extversion = a.default_version AS updated_to_latest
  FROM pg_extension e JOIN pg_available_extensions a ON a.name = e.extname
 WHERE e.extname = 'pg_preflight';
INSERT INTO shape SELECT 'updated', item FROM extension_shape;
DROP EXTENSION pg_preflight;
CREATE EXTENSION pg_preflight;
INSERT INTO shape SELECT 'fresh', item FROM extension_shape;
-- Nothing in one that is not in the other (both lists are not empty).
SELECT install, count(*) > 5 AS has_items FROM shape GROUP BY install ORDER BY install;
(SELECT item FROM shape WHERE install = 'updated' EXCEPT SELECT item FROM shape WHERE install = 'fresh')
UNION ALL
(SELECT item FROM shape WHERE install = 'fresh' EXCEPT SELECT item FROM shape WHERE install = 'updated');
SELECT pg_catalog.has_schema_privilege('public', 'preflight', 'USAGE') AS public_usage;
\c contrib_regression
SET client_min_messages = warning;
DROP DATABASE preflight_upgrade;
