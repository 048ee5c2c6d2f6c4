-- The demo database: a small shop, a reader and a writer role for a sync
-- job, with the kinds of gaps real databases have.
CREATE ROLE sync_reader LOGIN;
CREATE ROLE sync_writer LOGIN;
CREATE ROLE analysts NOLOGIN;
GRANT analysts TO sync_reader;

CREATE SCHEMA sales;
CREATE SCHEMA inventory;

CREATE TABLE sales.customers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL UNIQUE,
    region text NOT NULL
);
CREATE TABLE sales.orders (
    id serial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES sales.customers (id),
    total numeric(12, 2) NOT NULL CHECK (total >= 0)
);
CREATE TABLE inventory.items (
    sku text PRIMARY KEY,
    name text NOT NULL,
    stock integer NOT NULL DEFAULT 0
);

ALTER TABLE sales.customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY eu_only ON sales.customers FOR SELECT TO analysts USING (region = 'eu');

-- The reader can read sales through its group, and inventory's table, but
-- nobody granted it USAGE on inventory.
GRANT USAGE ON SCHEMA sales TO analysts;
GRANT SELECT ON ALL TABLES IN SCHEMA sales TO analysts;
GRANT SELECT ON inventory.items TO sync_reader;

-- The writer can insert into some tables only.
GRANT USAGE ON SCHEMA sales, inventory TO sync_writer;
GRANT INSERT ON sales.orders, inventory.items TO sync_writer;
