-- A database with one of everything the rules read, for comparing the
-- extension's facts and rows with the client's catalog reading.
CREATE ROLE par_owner NOLOGIN;
CREATE ROLE par_group NOLOGIN;
CREATE ROLE par_inner NOLOGIN IN ROLE par_group;
CREATE ROLE par_reader LOGIN IN ROLE par_inner;
CREATE ROLE par_noinherit LOGIN NOINHERIT IN ROLE par_group;
CREATE ROLE par_writer LOGIN IN ROLE pg_write_all_data;
CREATE ROLE par_all LOGIN IN ROLE pg_read_all_data, par_owner;
CREATE ROLE par_bypass LOGIN BYPASSRLS;
CREATE ROLE "par ""odd"".name" NOLOGIN;

CREATE SCHEMA par_a AUTHORIZATION par_owner;
CREATE SCHEMA par_b AUTHORIZATION par_owner;
CREATE SCHEMA "par ""quoted"".schema" AUTHORIZATION par_owner;
CREATE SCHEMA par_hidden;
GRANT USAGE ON SCHEMA par_a TO par_group, par_bypass;
GRANT USAGE, CREATE ON SCHEMA par_b TO par_reader;

SET ROLE par_owner;
CREATE TYPE par_a.mood AS ENUM ('ok', 'meh');
CREATE SEQUENCE par_b.free_seq;
CREATE FUNCTION par_a.allowed(int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 > 0';
CREATE FUNCTION par_a.twice(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 * 2';
CREATE FUNCTION par_a.audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS 'BEGIN RETURN NEW; END';
REVOKE EXECUTE ON FUNCTION par_a.allowed(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION par_a.allowed(int) TO par_group;

CREATE TABLE par_a.customers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL UNIQUE,
    mood par_a.mood,
    moods par_a.mood[],
    score int CHECK (par_a.allowed(score)),
    doubled int GENERATED ALWAYS AS (par_a.twice(score)) STORED,
    other bigint DEFAULT nextval('par_b.free_seq'));
CREATE TABLE par_a.orders (
    id serial PRIMARY KEY,
    customer_id bigint REFERENCES par_a.customers (id),
    parent_id int REFERENCES par_a.orders (id),
    total numeric CHECK (total >= 0));
CREATE TABLE par_a.events (id int, region text, at timestamptz) PARTITION BY LIST (region);
CREATE TABLE par_a.events_eu PARTITION OF par_a.events FOR VALUES IN ('eu');
CREATE TABLE par_a.events_us PARTITION OF par_a.events FOR VALUES IN ('us');
CREATE TABLE par_b.x (id int PRIMARY KEY, y_id int);
-- Default shapes: the extension reads plain nextval (and its implicit cast)
-- without parsing; every other shape is parsed. Both must agree with the
-- client's own reading of the node trees.
CREATE SEQUENCE par_b.shape_seq;
CREATE TABLE par_b.shapes (
    small smallserial,
    big bigserial,
    plus bigint DEFAULT nextval('par_b.shape_seq') + 1,
    fallback bigint DEFAULT coalesce(nextval('par_b.free_seq'), 0),
    by_name bigint DEFAULT nextval('par_b.shape_seq'::text::regclass),
    plain int DEFAULT 7);
CREATE TABLE par_b.y (id int PRIMARY KEY, x_id int REFERENCES par_b.x);
ALTER TABLE par_b.x ADD FOREIGN KEY (y_id) REFERENCES par_b.y;
CREATE TABLE par_b.refs_events (id int, region text);
CREATE TABLE "par ""quoted"".schema"."tab.le ""1""" ("c ""1""" int, "SELECT" text);
CREATE TRIGGER audit BEFORE INSERT OR UPDATE ON par_a.orders FOR EACH ROW EXECUTE FUNCTION par_a.audit();
CREATE TRIGGER wipe AFTER TRUNCATE ON par_b.x FOR EACH STATEMENT EXECUTE FUNCTION par_a.audit();

ALTER TABLE par_a.customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY eu ON par_a.customers FOR SELECT TO par_group USING (par_a.allowed(score));
CREATE POLICY anyone ON par_a.customers FOR INSERT WITH CHECK (true);
CREATE POLICY limited ON par_a.customers AS RESTRICTIVE USING (email <> '' AND score IN (1, 2));
ALTER TABLE par_a.orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE par_a.orders FORCE ROW LEVEL SECURITY;
CREATE POLICY open ON par_a.orders USING (true) WITH CHECK (total IS DISTINCT FROM 0);
CREATE POLICY sub ON par_a.orders FOR UPDATE USING (id IN (SELECT o.id FROM par_a.orders o));

GRANT SELECT ON ALL TABLES IN SCHEMA par_a TO par_group;
GRANT INSERT (email, score) ON par_a.customers TO par_reader;
GRANT SELECT (id, email) ON par_a.customers TO par_noinherit;
GRANT TRUNCATE ON par_a.events, par_b.x TO par_reader;
GRANT USAGE ON SEQUENCE par_a.orders_id_seq TO par_group;
GRANT SELECT, UPDATE ON SEQUENCE par_b.free_seq TO "par ""odd"".name";
GRANT ALL ON "par ""quoted"".schema"."tab.le ""1""" TO PUBLIC;
REVOKE SELECT ON par_b.y FROM par_owner;
RESET ROLE;
CREATE TABLE par_hidden.secret (id int PRIMARY KEY);
ALTER TABLE par_b.refs_events OWNER TO par_owner;
REVOKE CONNECT ON DATABASE par FROM PUBLIC;
GRANT CONNECT ON DATABASE par TO par_group;

-- What later majors add, on the servers that have it (tests/versions): 17's
-- MAINTAIN and pg_maintain, which no step needs; 18's virtual generated
-- columns, NOT ENFORCED constraints and keys WITHOUT OVERLAPS.
SELECT pg_catalog.current_setting('server_version_num')::int >= 160000 AS server_16,
       pg_catalog.current_setting('server_version_num')::int >= 170000 AS server_17,
       pg_catalog.current_setting('server_version_num')::int >= 180000 AS server_18 \gset
\if :server_16
-- 16's options of each membership grant: a member that neither inherits
-- nor may SET ROLE, one that only may, and NOINHERIT overridden.
CREATE ROLE par_options LOGIN NOINHERIT;
GRANT par_group TO par_options WITH INHERIT FALSE, SET FALSE;
GRANT par_inner TO par_options WITH INHERIT FALSE;
GRANT par_owner TO par_options WITH INHERIT TRUE;
GRANT par_writer TO par_reader WITH INHERIT FALSE, SET FALSE;
\endif
\if :server_17
GRANT pg_maintain TO par_reader;
GRANT MAINTAIN ON par_a.orders TO par_writer;
\endif
\if :server_18
SET ROLE par_owner;
CREATE TABLE par_b.v18 (
    id int PRIMARY KEY,
    n int,
    doubled int GENERATED ALWAYS AS (n * 2) VIRTUAL,
    room int4range,
    during daterange,
    x_id int REFERENCES par_b.x NOT ENFORCED,
    CONSTRAINT v18_unenforced CHECK (par_a.allowed(n)) NOT ENFORCED,
    CONSTRAINT v18_period UNIQUE (room, during WITHOUT OVERLAPS));
CREATE TABLE par_b.booked (room int4range, during daterange, v int,
    PRIMARY KEY (room, during WITHOUT OVERLAPS));
GRANT INSERT ON par_b.v18 TO par_writer;
RESET ROLE;
\endif
