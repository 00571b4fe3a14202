-- risk11_search_path.sql - a statement written with an unqualified name (production's search_path
-- put it in shop): the replay resolves it with the default search_path, so it lands in public; a
-- warning must name the history row. Load after samples/pggit_v1_schema.sql.
INSERT INTO pggit.objects (id, object_type, schema_name, object_name) VALUES (1, 'TABLE', 'shop', 'customers'), (2, 'TABLE', 'shop', 'orders');
INSERT INTO pggit.history (id, object_id, change_type, change_severity, change_description, sql_executed,
                           created_at, created_by) VALUES
  (1, 1, 'CREATE', 'MINOR', 'CREATE TABLE table shop.customers', 'CREATE TABLE shop.customers (id int);', '2026-01-02 08:00:00', 'alice'),
  (2, 2, 'CREATE', 'MINOR', 'CREATE TABLE table shop.orders', 'CREATE TABLE orders (id int, customer_id int);', '2026-01-02 08:01:00', 'alice');
