-- risk11_search_path.sql - statements written with unqualified names (production's search_path,
-- which pgGit did not record): where pggit.objects names one schema for the statement, the replay
-- looks there first (shop.orders); where its rows disagree (one statement, two schemas), the
-- name lands in public and a warning names each row (notes). Two CREATE rows of one text and time
-- for the same type and name in two schemas are two commands (a migration sent statement by
-- statement in one transaction after its own SET search_path, which leaves no row): each runs
-- with its own row's schema (shop.items, billing.items); the same sent as one query string keeps
-- its SETs in the text and runs once as a script (t1.items, t2.items). Load after
-- samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES
  (1, 'TABLE', 'shop', 'customers'), (2, 'TABLE', 'shop', 'orders'), (3, 'TABLE', 'shop', 'items'),
  (4, 'TABLE', 'billing', 'items'), (5, 'TABLE', 'shop', 'notes'), (6, 'INDEX', 'billing', 'notes_pkey'),
  (7, 'TABLE', 't1', 'items'), (8, 'TABLE', 't2', 'items');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'CREATE TABLE table shop.customers', 'CREATE TABLE shop.customers (id int PRIMARY KEY);', '2026-01-02 08:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'CREATE TABLE table shop.orders', 'CREATE TABLE orders (id int, customer_id int REFERENCES customers (id));', '2026-01-02 08:01:00', 'alice'),
  (3, 3, 'CREATE', 'MINOR', 'CREATE TABLE items', 'CREATE TABLE items (id int);', '2026-01-02 08:02:00', 'alice'),
  (4, 4, 'CREATE', 'MINOR', 'CREATE TABLE items', 'CREATE TABLE items (id int);', '2026-01-02 08:02:00', 'alice'),
  (5, 5, 'CREATE', 'MINOR', 'CREATE TABLE notes', 'CREATE TABLE notes (id int PRIMARY KEY);', '2026-01-02 08:03:00', 'alice'),
  (6, 6, 'CREATE', 'MINOR', 'CREATE INDEX notes_pkey', 'CREATE TABLE notes (id int PRIMARY KEY);', '2026-01-02 08:03:00', 'alice'),
  (7, 7, 'CREATE', 'MINOR', 'CREATE TABLE items', 'SET search_path = t1; CREATE TABLE items (id int); SET search_path = t2; CREATE TABLE items (id int);', '2026-01-02 08:04:00', 'alice'),
  (8, 8, 'CREATE', 'MINOR', 'CREATE TABLE items', 'SET search_path = t1; CREATE TABLE items (id int); SET search_path = t2; CREATE TABLE items (id int);', '2026-01-02 08:04:00', 'alice');
