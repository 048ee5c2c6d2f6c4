-- preflight.options() (1.2) lists the keys check() takes: each with the job
-- that takes it, its values and its default. Every default, passed back, is
-- accepted and changes nothing; every listed value is accepted.
SELECT key, job, value_type, value_names, default_value FROM preflight.options();
-- Each job's options object made of every default: the same rows as '{}'.
SELECT o.job,
       (SELECT count(*) FROM preflight.check(o.job, current_user, NULL, o.defaults)) =
       (SELECT count(*) FROM preflight.check(o.job, current_user, NULL, '{}')) AS same_rows,
       preflight.ready(o.job, current_user, NULL, o.defaults) =
       preflight.ready(o.job, current_user, NULL, '{}') AS same_ready
  FROM (SELECT job, pg_catalog.jsonb_object_agg(key, default_value) AS defaults
          FROM preflight.options() GROUP BY job) o
 ORDER BY o.job;
-- Every value of every option is accepted by its job.
SELECT o.key, v.value, preflight.ready(o.job, current_user, NULL,
                                       pg_catalog.jsonb_build_object(o.key, v.value)) IS NOT NULL
                       AS accepted
  FROM preflight.options() o, pg_catalog.jsonb_array_elements(o.value_names) v
 ORDER BY o.key, v.value::text;
-- A key of the other job is refused, naming the job that takes it.
SELECT preflight.ready('destination', current_user, NULL, '{"read_sequences": true}');
