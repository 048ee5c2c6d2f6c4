-- The extension installs into schema preflight; every function pins
-- search_path and none is SECURITY DEFINER.
CREATE EXTENSION pg_preflight;
SELECT preflight.version() = '1.0.0' AS version_matches;
SELECT extversion, extrelocatable, n.nspname
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
 WHERE extname = 'pg_preflight';
SELECT p.proname, p.prosecdef, p.proconfig
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'preflight'
 ORDER BY p.proname;
