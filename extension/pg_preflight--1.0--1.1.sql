-- pg_preflight 1.0 -> 1.1: every role may call the functions (they are
-- SECURITY INVOKER and show nothing the catalogs do not already show every
-- role). A DBA who wants otherwise: REVOKE USAGE ON SCHEMA preflight FROM PUBLIC.
-- No function changes in 1.1.
\echo Use "ALTER EXTENSION pg_preflight UPDATE TO '1.1'" to load this file. \quit

GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;
