-- Foreign keys: checked as the referenced table's owner; circular
-- references make the job UPDATE the keys after loading.
CREATE ROLE fk_parent_owner NOLOGIN;
CREATE ROLE fk_loader LOGIN;
CREATE SCHEMA fk_parents;
CREATE SCHEMA fk_children;
CREATE TABLE fk_parents.parent (id int PRIMARY KEY);
ALTER TABLE fk_parents.parent OWNER TO fk_parent_owner;
CREATE TABLE fk_children.child (id int PRIMARY KEY, parent_id int REFERENCES fk_parents.parent);
CREATE TABLE fk_children.a (id int PRIMARY KEY, b_id int, note text);
CREATE TABLE fk_children.b (id int PRIMARY KEY, a_id int REFERENCES fk_children.a);
ALTER TABLE fk_children.a ADD FOREIGN KEY (b_id) REFERENCES fk_children.b;
CREATE TABLE fk_children.tree (id int PRIMARY KEY, up int REFERENCES fk_children.tree);
GRANT USAGE ON SCHEMA fk_children TO fk_loader;
GRANT INSERT ON ALL TABLES IN SCHEMA fk_children TO fk_loader;
INSERT INTO fk_parents.parent VALUES (1);

-- The parent's owner has no USAGE on the parent's schema: every insert into
-- the child fails, whoever runs it.
SELECT object_type, schema_name, object_name, privilege, status, fix
  FROM preflight.check('destination', 'fk_loader', ARRAY['fk_children'])
 WHERE needed_for = 'write' AND status <> 'ok';
BEGIN;
SET ROLE fk_loader;
INSERT INTO fk_children.child (id, parent_id) VALUES (1, 1);
ROLLBACK;
BEGIN;
INSERT INTO fk_children.child (id, parent_id) VALUES (1, 1);
ROLLBACK;
GRANT USAGE ON SCHEMA fk_parents TO fk_parent_owner;
REVOKE SELECT ON fk_parents.parent FROM fk_parent_owner;
SELECT object_type, schema_name, object_name, privilege, status, fix
  FROM preflight.check('destination', 'fk_loader', ARRAY['fk_children'])
 WHERE needed_for = 'write' AND status <> 'ok';
BEGIN;
INSERT INTO fk_children.child (id, parent_id) VALUES (1, 1);
ROLLBACK;
GRANT SELECT ON fk_parents.parent TO fk_parent_owner;
BEGIN;
SET ROLE fk_loader;
INSERT INTO fk_children.child (id, parent_id) VALUES (1, 1);
ROLLBACK;

-- a <-> b and tree -> tree are cycles: UPDATE on the key columns, SELECT
-- on the primary key; child -> parent is not.
SELECT object_type, object_name, column_name, privilege, status, fix
  FROM preflight.check('destination', 'fk_loader', ARRAY['fk_children'])
 WHERE needed_for = 'update foreign keys'
 ORDER BY object_name, privilege, column_name;
BEGIN;
SET ROLE fk_loader;
UPDATE fk_children.a SET b_id = NULL WHERE id = 1;
ROLLBACK;
SELECT count(*) FROM preflight.check('destination', 'fk_loader', ARRAY['fk_children'],
                                     '{"update_foreign_keys": false}')
 WHERE needed_for = 'update foreign keys';
DROP SCHEMA fk_children CASCADE;
DROP SCHEMA fk_parents CASCADE;
DROP ROLE fk_loader, fk_parent_owner;
