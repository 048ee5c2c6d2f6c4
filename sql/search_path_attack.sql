-- A user who may create objects in public and in a schema of their own
-- shadows the functions and operators pg_preflight (or its callers) might
-- resolve through search_path. Superuser and a normal role then call every
-- function with that schema first on their search_path, ahead of
-- pg_catalog: the answers equal the un-attacked ones and no attacker code
-- ran (the attack functions log every call into a table first).
CREATE ROLE spa_attacker LOGIN;
CREATE ROLE spa_caller LOGIN;
CREATE ROLE spa_target LOGIN;
CREATE SCHEMA spa_evil AUTHORIZATION spa_attacker;
GRANT USAGE ON SCHEMA spa_evil TO PUBLIC;
GRANT CREATE ON SCHEMA public TO spa_attacker;
CREATE SCHEMA spa_data;
CREATE FUNCTION spa_data.positive(int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 > 0';
REVOKE EXECUTE ON FUNCTION spa_data.positive(int) FROM PUBLIC;
CREATE TABLE spa_data.t (id serial PRIMARY KEY, v text CHECK (spa_data.positive(pg_catalog.length(v))));
CREATE TABLE spa_data.u (id int PRIMARY KEY, t_id int REFERENCES spa_data.t);
ALTER TABLE spa_data.u ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON spa_data.u USING (spa_data.positive(id));
GRANT USAGE ON SCHEMA spa_data TO spa_target;
GRANT USAGE ON SCHEMA spa_data, preflight TO spa_caller;
GRANT SELECT ON spa_data.t TO spa_target;
GRANT INSERT (id) ON spa_data.u TO spa_target;

SET ROLE spa_attacker;
CREATE TABLE spa_evil.calls (fn text, caller name DEFAULT current_user);
GRANT INSERT ON spa_evil.calls TO PUBLIC;
-- Each attack function records its call, then answers something wrong.
DO $$
DECLARE
  f text[];
  s text;
BEGIN
  FOREACH f SLICE 1 IN ARRAY ARRAY[
    ['has_table_privilege', 'name, text, text', 'boolean', 'true'],
    ['has_table_privilege', 'name, oid, text', 'boolean', 'true'],
    ['has_column_privilege', 'name, text, text, text', 'boolean', 'true'],
    ['has_schema_privilege', 'name, text, text', 'boolean', 'true'],
    ['has_sequence_privilege', 'name, text, text', 'boolean', 'true'],
    ['has_function_privilege', 'name, text, text', 'boolean', 'true'],
    ['has_database_privilege', 'name, text, text', 'boolean', 'true'],
    ['pg_has_role', 'name, name, text', 'boolean', 'true'],
    ['array_length', 'anyarray, integer', 'integer', '0'],
    ['cardinality', 'anyarray', 'integer', '0'],
    ['array_position', 'anyarray, anyelement', 'integer', '1'],
    ['quote_ident', 'text', 'text', '''x'''],
    ['quote_literal', 'text', 'text', '''x'''],
    ['format', 'text', 'text', '''x'''],
    ['format', 'text, text', 'text', '''x'''],
    ['format', 'text, text, text', 'text', '''x'''],
    ['format_type', 'oid, integer', 'text', '''x'''],
    ['lower', 'text', 'text', '''x'''],
    ['length', 'text', 'integer', '0'],
    ['replace', 'text, text, text', 'text', '''x'''],
    ['concat', 'text, text', 'text', '''x'''],
    ['jsonb_build_object', 'text, boolean', 'jsonb', '''{}''::jsonb'],
    ['jsonb_typeof', 'jsonb', 'text', '''object'''],
    ['jsonb_object_keys', 'jsonb', 'text', '''truncate'''],
    ['to_jsonb', 'text', 'jsonb', '''{}''::jsonb'],
    ['current_setting', 'text', 'text', '''x'''],
    ['set_config', 'text, text, boolean', 'text', '''x'''],
    ['version', '', 'text', '''x'''],
    ['nextval', 'regclass', 'bigint', '0'],
    ['pg_get_expr', 'pg_node_tree, oid', 'text', '''x'''],
    ['pg_get_serial_sequence', 'text, text', 'text', '''x'''],
    ['regclass', 'text', 'regclass', '''pg_class''::regclass'],
    ['to_regclass', 'text', 'regclass', '''pg_class''::regclass'],
    ['to_regrole', 'text', 'regrole', '''postgres''::regrole'],
    ['acldefault', '"char", oid', 'aclitem[]', 'NULL::aclitem[]'],
    ['aclexplode', 'aclitem[]', 'TABLE (grantor oid, grantee oid, privilege_type text, is_grantable boolean)', 'NULL::oid, NULL::oid, NULL::text, NULL::boolean'],
    ['name', 'text', 'name', '''x''::name'],
    ['text', 'name', 'text', '''x'''],
    ['textcat', 'text, text', 'text', '''x'''],
    ['nameeq', 'name, name', 'boolean', 'true'],
    ['texteq', 'text, text', 'boolean', 'true'],
    ['oideq', 'oid, oid', 'boolean', 'true'],
    ['now', '', 'timestamptz', 'NULL::timestamptz']
  ] LOOP
    FOREACH s IN ARRAY ARRAY['spa_evil', 'public'] LOOP
      EXECUTE pg_catalog.format(
        'CREATE FUNCTION %I.%I(%s) RETURNS %s LANGUAGE sql AS %L',
        s, f[1], f[2], f[3],
        pg_catalog.format('INSERT INTO spa_evil.calls (fn) VALUES (%L); SELECT %s', f[1], f[4]));
    END LOOP;
  END LOOP;
END $$;
-- unnest is set-returning: one more.
CREATE FUNCTION spa_evil.unnest(anyarray) RETURNS SETOF anyelement LANGUAGE sql
  AS $$ INSERT INTO spa_evil.calls (fn) VALUES ('unnest'); SELECT $1[1] $$;
CREATE FUNCTION public.unnest(anyarray) RETURNS SETOF anyelement LANGUAGE sql
  AS $$ INSERT INTO spa_evil.calls (fn) VALUES ('unnest'); SELECT $1[1] $$;
-- Operators on the types pg_preflight compares: always true, logged.
CREATE FUNCTION spa_evil.eq_name(name, name) RETURNS boolean LANGUAGE sql AS $$ INSERT INTO spa_evil.calls (fn) VALUES ('= name'); SELECT true $$;
CREATE FUNCTION spa_evil.eq_oid(oid, oid) RETURNS boolean LANGUAGE sql AS $$ INSERT INTO spa_evil.calls (fn) VALUES ('= oid'); SELECT true $$;
CREATE FUNCTION spa_evil.eq_text(text, text) RETURNS boolean LANGUAGE sql AS $$ INSERT INTO spa_evil.calls (fn) VALUES ('= text'); SELECT true $$;
CREATE FUNCTION spa_evil.eq_regclass(regclass, regclass) RETURNS boolean LANGUAGE sql AS $$ INSERT INTO spa_evil.calls (fn) VALUES ('= regclass'); SELECT true $$;
CREATE FUNCTION spa_evil.eq_name_text(name, text) RETURNS boolean LANGUAGE sql AS $$ INSERT INTO spa_evil.calls (fn) VALUES ('= name text'); SELECT true $$;
CREATE FUNCTION spa_evil.cat_text(text, text) RETURNS text LANGUAGE sql AS $$ INSERT INTO spa_evil.calls (fn) VALUES ('|| text'); SELECT 'x'::text $$;
CREATE FUNCTION spa_evil.any_eq(name, name[]) RETURNS boolean LANGUAGE sql AS $$ INSERT INTO spa_evil.calls (fn) VALUES ('@> name[]'); SELECT true $$;
CREATE OPERATOR spa_evil.= (LEFTARG = name, RIGHTARG = name, FUNCTION = spa_evil.eq_name);
CREATE OPERATOR spa_evil.= (LEFTARG = oid, RIGHTARG = oid, FUNCTION = spa_evil.eq_oid);
CREATE OPERATOR spa_evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = spa_evil.eq_text);
CREATE OPERATOR spa_evil.= (LEFTARG = regclass, RIGHTARG = regclass, FUNCTION = spa_evil.eq_regclass);
CREATE OPERATOR spa_evil.= (LEFTARG = name, RIGHTARG = text, FUNCTION = spa_evil.eq_name_text);
CREATE OPERATOR spa_evil.<> (LEFTARG = text, RIGHTARG = text, FUNCTION = spa_evil.eq_text);
CREATE OPERATOR spa_evil.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = spa_evil.cat_text);
CREATE OPERATOR spa_evil.<@ (LEFTARG = name, RIGHTARG = name[], FUNCTION = spa_evil.any_eq);
CREATE OPERATOR public.= (LEFTARG = name, RIGHTARG = name, FUNCTION = spa_evil.eq_name);
CREATE OPERATOR public.= (LEFTARG = oid, RIGHTARG = oid, FUNCTION = spa_evil.eq_oid);
CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = text, FUNCTION = spa_evil.eq_text);
-- A stand-in for the extension's own schema name, and for its functions.
CREATE FUNCTION spa_evil.check(text, name, name[], jsonb) RETURNS SETOF record LANGUAGE sql
  AS $$ INSERT INTO spa_evil.calls (fn) VALUES ('check'); SELECT NULL::record WHERE false $$;
RESET ROLE;
SELECT count(*) AS attack_functions FROM pg_proc WHERE proowner = 'spa_attacker'::regrole;
SELECT count(*) AS attack_operators FROM pg_operator WHERE oprowner = 'spa_attacker'::regrole;
-- The attack works where search_path is not pinned: a self-test.
SET search_path = spa_evil, public, pg_catalog;
SELECT has_table_privilege('spa_target', 'spa_data.u', 'DELETE') AS attacked_answer;
SELECT fn FROM spa_evil.calls;
RESET search_path;
TRUNCATE spa_evil.calls;

-- Every function, as superuser, with the attacker first on search_path.
-- Only CREATE TABLE AS runs under attack, so nothing of this file's own
-- resolves to the attacker's objects.
SET search_path = spa_evil, public, pg_catalog, preflight;
CREATE TEMP TABLE a_check AS SELECT * FROM preflight.check('destination', 'spa_target', '{spa_data,spa_evil,public}', '{"truncate": true, "on_conflict": "update"}');
CREATE TEMP TABLE a_source AS SELECT * FROM preflight.check('source', 'spa_target', '{spa_data,spa_evil,public}');
CREATE TEMP TABLE a_scalars AS SELECT preflight.ready('destination', 'spa_target', '{spa_data}', '{"truncate": true}') AS ready,
  preflight.fix_script('destination', 'spa_target', '{spa_data,spa_evil,public}', '{"truncate": true}') AS fix,
  preflight.facts('destination', 'spa_target', '{spa_data,spa_evil,public}', '{"init_tables": true}') AS facts,
  preflight.version() AS version;
CREATE TEMP TABLE a_tables AS SELECT * FROM preflight.table_access('spa_target', '{spa_data,spa_evil,public}');
CREATE TEMP TABLE a_sequences AS SELECT * FROM preflight.sequence_access('spa_target', '{spa_data,spa_evil,public}');
CREATE TEMP TABLE a_functions AS SELECT * FROM preflight.function_access('spa_target', '{spa_data,spa_evil,public}');
CREATE TEMP TABLE a_schemas AS SELECT * FROM preflight.schema_access('spa_target', '{spa_data,spa_evil,public}');
RESET search_path;

-- The same as a normal role, for itself and for another role.
SET ROLE spa_caller;
SET search_path = spa_evil, public, pg_catalog, preflight;
CREATE TEMP TABLE n_check AS SELECT * FROM preflight.check('destination', 'spa_target', '{spa_data,spa_evil,public}', '{"truncate": true, "on_conflict": "update"}');
CREATE TEMP TABLE n_self AS SELECT * FROM preflight.check('source', current_user, '{spa_data,spa_evil,public}');
CREATE TEMP TABLE n_scalars AS SELECT preflight.ready('source', 'spa_target', '{spa_data}') AS ready,
  preflight.fix_script('source', 'spa_target', '{spa_data,spa_evil,public}') AS fix;
CREATE TEMP TABLE n_tables AS SELECT * FROM preflight.table_access('spa_target', '{spa_data,spa_evil,public}');
CREATE TEMP TABLE n_functions AS SELECT * FROM preflight.function_access(current_user, '{spa_data,spa_evil,public}');
RESET search_path;
RESET ROLE;

-- Nothing of the attacker's ran.
SELECT count(*) AS attack_calls FROM spa_evil.calls;
-- Same answers without the attack (each row: rows under attack, rows that
-- differ from the un-attacked call, which must be 0).
CREATE FUNCTION pg_temp.differ(a text, b text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
  EXECUTE pg_catalog.format('SELECT count(*) FROM ((SELECT * FROM %s EXCEPT ALL SELECT * FROM %s)
                              UNION ALL (SELECT * FROM %2$s EXCEPT ALL SELECT * FROM %1$s)) d', a, b) INTO n;
  RETURN n;
END $$;
SELECT 'check destination' AS call, (SELECT count(*) FROM a_check) AS attacked_rows,
       pg_temp.differ('a_check', $$preflight.check('destination', 'spa_target', '{spa_data,spa_evil,public}', '{"truncate": true, "on_conflict": "update"}')$$) AS differ
UNION ALL SELECT 'check source', (SELECT count(*) FROM a_source),
       pg_temp.differ('a_source', $$preflight.check('source', 'spa_target', '{spa_data,spa_evil,public}')$$)
UNION ALL SELECT 'ready, fix_script, facts, version', (SELECT count(*) FROM a_scalars),
       pg_temp.differ('a_scalars', $$(SELECT preflight.ready('destination', 'spa_target', '{spa_data}', '{"truncate": true}'),
           preflight.fix_script('destination', 'spa_target', '{spa_data,spa_evil,public}', '{"truncate": true}'),
           preflight.facts('destination', 'spa_target', '{spa_data,spa_evil,public}', '{"init_tables": true}'),
           preflight.version()) s$$)
UNION ALL SELECT 'table_access', (SELECT count(*) FROM a_tables),
       pg_temp.differ('a_tables', $$preflight.table_access('spa_target', '{spa_data,spa_evil,public}')$$)
UNION ALL SELECT 'sequence_access', (SELECT count(*) FROM a_sequences),
       pg_temp.differ('a_sequences', $$preflight.sequence_access('spa_target', '{spa_data,spa_evil,public}')$$)
UNION ALL SELECT 'function_access', (SELECT count(*) FROM a_functions),
       pg_temp.differ('a_functions', $$preflight.function_access('spa_target', '{spa_data,spa_evil,public}')$$)
UNION ALL SELECT 'schema_access', (SELECT count(*) FROM a_schemas),
       pg_temp.differ('a_schemas', $$preflight.schema_access('spa_target', '{spa_data,spa_evil,public}')$$)
UNION ALL SELECT 'normal role: check', (SELECT count(*) FROM n_check),
       pg_temp.differ('n_check', $$preflight.check('destination', 'spa_target', '{spa_data,spa_evil,public}', '{"truncate": true, "on_conflict": "update"}')$$)
UNION ALL SELECT 'normal role: check of itself', (SELECT count(*) FROM n_self),
       pg_temp.differ('n_self', $$preflight.check('source', 'spa_caller', '{spa_data,spa_evil,public}')$$)
UNION ALL SELECT 'normal role: ready, fix_script', (SELECT count(*) FROM n_scalars),
       pg_temp.differ('n_scalars', $$(SELECT preflight.ready('source', 'spa_target', '{spa_data}'),
           preflight.fix_script('source', 'spa_target', '{spa_data,spa_evil,public}')) s$$)
UNION ALL SELECT 'normal role: table_access', (SELECT count(*) FROM n_tables),
       pg_temp.differ('n_tables', $$preflight.table_access('spa_target', '{spa_data,spa_evil,public}')$$)
UNION ALL SELECT 'normal role: function_access', (SELECT count(*) FROM n_functions),
       pg_temp.differ('n_functions', $$preflight.function_access('spa_caller', '{spa_data,spa_evil,public}')$$);
-- The answers under attack are the true ones, not the attacker's.
SELECT ready, fix FROM a_scalars;
SELECT object_name, privilege, needed_for, status FROM a_check WHERE status <> 'ok' ORDER BY 1, 2, 3;
SELECT count(*) AS attack_calls FROM spa_evil.calls;

-- Every function of the extension (found through pg_depend, not by schema):
-- SECURITY INVOKER, search_path pinned to pg_catalog and pg_temp.
SELECT p.oid::regprocedure AS function, p.prosecdef,
       (SELECT c FROM pg_catalog.unnest(p.proconfig) c WHERE c LIKE 'search_path=%') AS search_path
  FROM pg_catalog.pg_depend d
  JOIN pg_catalog.pg_proc p ON d.classid = 'pg_catalog.pg_proc'::regclass AND p.oid = d.objid
  JOIN pg_catalog.pg_extension e ON d.refclassid = 'pg_catalog.pg_extension'::regclass AND e.oid = d.refobjid
 WHERE e.extname = 'pg_preflight' AND d.deptype = 'e'
 ORDER BY 1::text;
SELECT count(*) AS functions,
       count(*) FILTER (WHERE p.prosecdef) AS security_definer,
       count(*) FILTER (WHERE NOT coalesce(p.proconfig::text[] && '{"search_path=pg_catalog, pg_temp"}', false)) AS without_pinned_search_path
  FROM pg_catalog.pg_depend d
  JOIN pg_catalog.pg_proc p ON d.classid = 'pg_catalog.pg_proc'::regclass AND p.oid = d.objid
  JOIN pg_catalog.pg_extension e ON d.refclassid = 'pg_catalog.pg_extension'::regclass AND e.oid = d.refobjid
 WHERE e.extname = 'pg_preflight' AND d.deptype = 'e';
-- Nobody but its owner may create in the extension's schema.
SELECT n.nspname, pg_catalog.pg_get_userbyid(n.nspowner) AS owner,
       pg_catalog.has_schema_privilege('spa_attacker', n.oid, 'CREATE') AS attacker_may_create,
       pg_catalog.has_schema_privilege('spa_caller', n.oid, 'CREATE') AS caller_may_create
  FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_extension e ON e.extnamespace = n.oid
 WHERE e.extname = 'pg_preflight';

-- Re-installing the extension with the attacker first on search_path: the
-- install script resolves nothing through it.
DROP EXTENSION pg_preflight;
SET search_path = spa_evil, public, pg_catalog;
CREATE EXTENSION pg_preflight;
RESET search_path;
SELECT count(*) AS attack_calls FROM spa_evil.calls;
SELECT n.nspname, e.extversion = a.default_version AS latest_version
  FROM pg_catalog.pg_extension e
  JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
  JOIN pg_catalog.pg_available_extensions a ON a.name = e.extname
 WHERE e.extname = 'pg_preflight';

SET client_min_messages = warning;
DROP SCHEMA spa_evil, spa_data CASCADE;
DROP OWNED BY spa_attacker, spa_caller, spa_target;
DROP ROLE spa_attacker, spa_caller, spa_target;
RESET client_min_messages;
