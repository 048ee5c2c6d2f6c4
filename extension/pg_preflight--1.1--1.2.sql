-- pg_preflight 1.1 -> 1.2: the job model is the statements Neosync 0.5.41
-- runs (JOBS.md). The options object gains read_sequences (source) and
-- column_defaults (destination); on_conflict, truncate, truncate_cascade,
-- reset_sequences, create_schemas and init_tables keep their names and
-- values but check what those statements really need. options() lists them.
\echo Use "ALTER EXTENSION pg_preflight UPDATE TO '1.2'" to load this file. \quit

CREATE FUNCTION @extschema@.options()
RETURNS TABLE (
    key text,
    job text,
    value_type text,
    value_names jsonb,
    default_value jsonb,
    description text)
LANGUAGE c IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'preflight_options';

COMMENT ON FUNCTION @extschema@.options() IS
'The keys the options argument of check(), ready() and fix_script() takes (1.2): the job that takes each, its values and its default.';

COMMENT ON FUNCTION @extschema@.check(text, name, name[], jsonb) IS
'One row per object, privilege and job step a source or destination job needs (the statements Neosync 0.5.41 runs; options: see options()): status ok, missing or warning, via what it is held, and the fix.';
