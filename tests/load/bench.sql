-- One pgbench transaction: every kind of check, for a role and schema drawn at random.
\set r random(1, 5)
\set s random(1, 6)
SELECT count(*) FROM preflight.check('source', (ARRAY['load_reader','load_writer','load_all','load_none','load_owner'])[:r]::name);
SELECT count(*) FROM preflight.check('destination', (ARRAY['load_reader','load_writer','load_all','load_none','load_owner'])[:r]::name, ARRAY['app_' || :s, 'app_' || (:s % 6 + 1)]::name[], '{"on_conflict":"update","truncate":true,"truncate_cascade":true,"init_tables":true}');
SELECT preflight.ready('destination', (ARRAY['load_reader','load_writer','load_all','load_none','load_owner'])[:r]::name, NULL, '{"create_schemas":true,"on_conflict":"nothing"}');
SELECT length(preflight.fix_script('destination', (ARRAY['load_reader','load_writer','load_all','load_none','load_owner'])[:r]::name, ARRAY['app_' || :s]::name[]));
SELECT count(*) FROM preflight.table_access((ARRAY['load_reader','load_writer','load_all','load_none','load_owner'])[:r]::name);
SELECT count(*) FROM preflight.sequence_access((ARRAY['load_reader','load_writer','load_all','load_none','load_owner'])[:r]::name, ARRAY['app_' || :s]::name[]);
SELECT count(*) FROM preflight.schema_access((ARRAY['load_reader','load_writer','load_all','load_none','load_owner'])[:r]::name);
