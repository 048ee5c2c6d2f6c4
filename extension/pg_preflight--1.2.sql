-- pg_preflight 1.2: can this role run this data job? Every function is
-- SECURITY INVOKER, pins search_path, and names catalog objects qualified.
\echo Use "CREATE EXTENSION pg_preflight" to load this file. \quit

CREATE FUNCTION @extschema@.check(
    job text DEFAULT 'source',
    role name DEFAULT current_user,
    schemas name[] DEFAULT NULL,
    options jsonb DEFAULT '{}')
RETURNS TABLE (
    object_type text,
    schema_name name,
    object_name text,
    column_name name,
    privilege text,
    needed_for text,
    status text,
    via text,
    detail text,
    fix text)
LANGUAGE c STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'preflight_check';

COMMENT ON FUNCTION @extschema@.check(text, name, name[], jsonb) IS
'One row per object, privilege and job step a source or destination job needs (the statements Neosync 0.5.41 runs; options: see options()): status ok, missing or warning, via what it is held, and the fix.';

CREATE FUNCTION @extschema@.ready(
    job text DEFAULT 'source',
    role name DEFAULT current_user,
    schemas name[] DEFAULT NULL,
    options jsonb DEFAULT '{}')
RETURNS boolean
LANGUAGE c STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'preflight_ready';

COMMENT ON FUNCTION @extschema@.ready(text, name, name[], jsonb) IS
'True when check() reports nothing missing.';

CREATE FUNCTION @extschema@.fix_script(
    job text DEFAULT 'source',
    role name DEFAULT current_user,
    schemas name[] DEFAULT NULL,
    options jsonb DEFAULT '{}')
RETURNS text
LANGUAGE c STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'preflight_fix_script';

COMMENT ON FUNCTION @extschema@.fix_script(text, name, name[], jsonb) IS
'Every fix of check(), deduplicated and ordered to run as one script by a superuser.';

CREATE FUNCTION @extschema@.facts(
    job text DEFAULT 'source',
    role name DEFAULT current_user,
    schemas name[] DEFAULT NULL,
    options jsonb DEFAULT '{}')
RETURNS text
LANGUAGE c STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'preflight_facts';

COMMENT ON FUNCTION @extschema@.facts(text, name, name[], jsonb) IS
'The facts check() decides from, as canonical text (for comparing with the client''s catalog reading).';

CREATE FUNCTION @extschema@.table_access(
    role name DEFAULT current_user,
    schemas name[] DEFAULT NULL)
RETURNS TABLE (
    schema_name name,
    table_name text,
    can_select boolean,
    can_insert boolean,
    can_update boolean,
    can_delete boolean,
    can_truncate boolean,
    rls_limits boolean,
    via text)
LANGUAGE c STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'preflight_table_access';

CREATE FUNCTION @extschema@.sequence_access(
    role name DEFAULT current_user,
    schemas name[] DEFAULT NULL)
RETURNS TABLE (
    schema_name name,
    sequence_name text,
    can_use boolean,
    can_select boolean,
    can_update boolean,
    is_owner boolean,
    via text)
LANGUAGE c STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'preflight_sequence_access';

CREATE FUNCTION @extschema@.function_access(
    role name DEFAULT current_user,
    schemas name[] DEFAULT NULL)
RETURNS TABLE (
    schema_name name,
    function_name text,
    can_execute boolean,
    via text)
LANGUAGE c STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'preflight_function_access';

CREATE FUNCTION @extschema@.schema_access(
    role name DEFAULT current_user,
    schemas name[] DEFAULT NULL)
RETURNS TABLE (
    schema_name name,
    can_use boolean,
    can_create boolean,
    via text)
LANGUAGE c STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'preflight_schema_access';

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

CREATE FUNCTION @extschema@.version()
RETURNS text
LANGUAGE c IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'preflight_version';

COMMENT ON FUNCTION @extschema@.version() IS
'The version of the loaded pg_preflight library (compare with pg_extension.extversion).';

-- Every role may call the functions (1.1): they are SECURITY INVOKER and
-- show nothing the catalogs do not already show every role. A DBA who
-- wants otherwise: REVOKE USAGE ON SCHEMA preflight FROM PUBLIC.
GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;
