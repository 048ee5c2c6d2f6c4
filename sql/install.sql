-- The extension installs into schema preflight; every function pins
-- search_path and none is SECURITY DEFINER.
CREATE EXTENSION pg_preflight;
-- The latest release, and a library of the same major.minor (the one
-- version is the Makefile's EXTVERSION: no file here names it).
SELECT e.extversion = a.default_version AS latest_version,
       preflight.version() LIKE e.extversion || '.%' AS library_matches,
       extrelocatable, n.nspname
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
  JOIN pg_available_extensions a ON a.name = e.extname
 WHERE extname = 'pg_preflight';
SELECT p.proname, p.prosecdef, p.proconfig
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'preflight'
 ORDER BY p.proname;
