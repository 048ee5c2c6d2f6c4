-- Hostile names: quotes, backslashes, dots, line breaks, tabs, ANSI escape
-- sequences, BEL, zero-width and right-to-left override characters,
-- combining marks, a byte-order mark, a noncharacter, and names of exactly
-- 63 bytes (NAMEDATALEN - 1), multibyte included. check() returns them
-- exactly, fix_script() quotes them so that the script runs, and after it
-- the role is ready and the job's statements work as that role.
-- pg_temp.vis() makes every invisible character visible, so that this file
-- and its expected output stay readable.
CREATE FUNCTION pg_temp.vis(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
         pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
         pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(t,
           chr(27), '<ESC>'), chr(7), '<BEL>'), chr(10), '<LF>'), chr(13), '<CR>'),
           chr(9), '<TAB>'), chr(8238), '<RLO>'), chr(8203), '<ZWSP>'), chr(8294), '<LRI>'),
           chr(65279), '<BOM>'), chr(65535), '<U+FFFF>'), chr(769), '<U+0301>'),
           chr(155), '<CSI>')
$$;
SELECT 'hn "q" ''a'' \b.c' || chr(10) || 'x' || chr(27) || '[0m' AS role,
       'hn' || chr(27) || '[31mred' || chr(7) || chr(10) || 'line' || chr(9) || 'tab.dot' AS sch,
       't' || chr(8238) || 'evil' || chr(8203) || chr(8294) || 'gnp.exe' || chr(13) AS tab,
       'e' || chr(769) || ' "col" \' || chr(65279) AS col,
       pg_catalog.repeat('é', 31) || 'x' AS col63,
       pg_catalog.repeat('ü', 31) || 'y' AS tab63,
       's.q"''' || chr(155) || '2J' || chr(65535) AS seq,
       'f' || chr(27) || ']0;title' || chr(7) || '()' AS fn \gset
SELECT pg_catalog.format('%I.%I', :'sch', :'seq') AS seq_qualified,
       pg_catalog.format('%I.%I', :'sch', :'tab') AS tab_qualified \gset
SELECT pg_catalog.octet_length(:'col63') AS col63_bytes, pg_catalog.octet_length(:'tab63') AS tab63_bytes;
CREATE ROLE :"role" LOGIN;
CREATE ROLE hn_owner NOLOGIN;
CREATE SCHEMA :"sch" AUTHORIZATION hn_owner;
SET ROLE hn_owner;
CREATE SEQUENCE :"sch".:"seq";
CREATE FUNCTION :"sch".:"fn"(int) RETURNS int LANGUAGE sql STABLE AS 'SELECT $1';
REVOKE EXECUTE ON FUNCTION :"sch".:"fn"(int) FROM PUBLIC;
CREATE TABLE :"sch".:"tab" (
    id bigserial PRIMARY KEY,
    :"col" text,
    :"col63" bigint DEFAULT pg_catalog.nextval(:'seq_qualified'::regclass)
        CHECK (:"sch".:"fn"(:"col63"::int) IS NOT NULL));
CREATE TABLE :"sch".:"tab63" (:"col63" serial, :"col" text);
GRANT SELECT (:"col") ON :"sch".:"tab" TO :"role";
RESET ROLE;

-- Every name comes back byte for byte.
SELECT pg_temp.vis(schema_name) AS schema_name, pg_temp.vis(object_name) AS object_name,
       pg_temp.vis(column_name) AS column_name, privilege, needed_for, status
  FROM preflight.check('destination', :'role', ARRAY[:'sch'], '{"truncate": true}')
 ORDER BY needed_for, object_type, object_name, column_name, privilege;
SELECT count(*) FILTER (WHERE schema_name = :'sch') AS schema_exact,
       count(*) FILTER (WHERE object_name IN (:'tab', :'tab63', :'seq')) AS objects_exact,
       count(*) FILTER (WHERE column_name IN (:'col', :'col63')) AS columns_exact,
       count(*) FILTER (WHERE object_name LIKE :'fn' || '(integer)') AS function_exact
  FROM preflight.check('destination', :'role', ARRAY[:'sch'], '{"truncate": true}');
-- Sentences name objects as SQL would, quotes doubled: a name with a quote
-- in it cannot be read as a shorter name followed by text.
SELECT count(*) FILTER (WHERE pg_catalog.strpos(detail,
           '"' || pg_catalog.replace(:'seq', '"', '""') || '"') > 0) AS sequence_quoted,
       count(*) FILTER (WHERE pg_catalog.strpos(detail, '"' || :'seq' || '"') > 0) AS sequence_raw
  FROM preflight.check('source', :'role', ARRAY[:'sch'], '{"read_sequences": true}');
SELECT pg_temp.vis(schema_name) AS schema_name, pg_temp.vis(table_name) AS table_name,
       can_select, can_insert
  FROM preflight.table_access(:'role', ARRAY[:'sch']) ORDER BY table_name;
SELECT pg_temp.vis(sequence_name) AS sequence_name, can_use, can_update
  FROM preflight.sequence_access(:'role', ARRAY[:'sch']) ORDER BY sequence_name;
SELECT pg_temp.vis(function_name) AS function_name, can_execute
  FROM preflight.function_access(:'role', ARRAY[:'sch']);
SELECT pg_temp.vis(schema_name) AS schema_name, can_use
  FROM preflight.schema_access(:'role', ARRAY[:'sch']);

-- The fix script quotes every name (one statement a line here); a
-- superuser runs it as it is, through EXECUTE in a DO block.
SELECT pg_temp.vis(stmt) AS statement
  FROM pg_catalog.string_to_table(preflight.fix_script('destination', :'role', ARRAY[:'sch'],
                                                       '{"truncate": true}'), E';\n') AS stmt;
SELECT preflight.fix_script('destination', :'role', ARRAY[:'sch'], '{"truncate": true}') AS script \gset
SELECT pg_catalog.set_config('hn.script', :'script', false) IS NOT NULL AS script_set;
DO $$ BEGIN EXECUTE pg_catalog.current_setting('hn.script'); END $$;
SELECT preflight.ready('destination', :'role', ARRAY[:'sch'], '{"truncate": true}') AS destination_ready;
SELECT preflight.fix_script('source', :'role', ARRAY[:'sch']) = '' AS source_needs_nothing_more,
       preflight.ready('source', :'role', ARRAY[:'sch']) AS source_ready;

-- The job's statements (JOBS.md) now work as the role: truncate, reset
-- the sequences, write every column, set the sequences after the load, read.
BEGIN;
SET ROLE :"role";
TRUNCATE :"sch".:"tab", :"sch".:"tab63" RESTART IDENTITY;
ALTER SEQUENCE :"sch".:"seq" RESTART;
INSERT INTO :"sch".:"tab" (id, :"col", :"col63") OVERRIDING SYSTEM VALUE VALUES (1, 'a', 7), (2, 'b', 8);
INSERT INTO :"sch".:"tab63" (:"col63", :"col") OVERRIDING SYSTEM VALUE VALUES (5, 'c');
SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(:'tab_qualified', 'id'),
                         COALESCE((SELECT max(id) FROM :"sch".:"tab"), 1));
SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(:'tab_qualified', :'col63'),
                         COALESCE((SELECT max(:"col63") FROM :"sch".:"tab"), 1));
SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(pg_catalog.format('%I.%I', :'sch', :'tab63'), :'col63'),
                         COALESCE((SELECT max(:"col63") FROM :"sch".:"tab63"), 1));
SELECT pg_temp.vis(:"col") AS col, :"col63" AS col63 FROM :"sch".:"tab" ORDER BY 1;
ROLLBACK;

SET client_min_messages = warning;
DROP SCHEMA :"sch" CASCADE;
DROP OWNED BY :"role";
DROP ROLE :"role", hn_owner;
RESET client_min_messages;
