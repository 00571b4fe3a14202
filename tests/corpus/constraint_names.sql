-- constraint_names.sql - tables for the oracle test: the constraints ddl_compare() finds in each
-- (names and types) must be the ones PostgreSQL 15 creates. Every blob creates cn.t; cn.u
-- (id int PRIMARY KEY) exists. Repeated PRIMARY KEY / UNIQUE / EXCLUDE, deferrability written
-- inline, generated names and their digits; constraints added by ALTER TABLE statements of the blob.
CREATE TABLE cn.t (id int PRIMARY KEY UNIQUE);
--@@
CREATE TABLE cn.t (a int UNIQUE, UNIQUE (a));
--@@
CREATE TABLE cn.t (a int UNIQUE, CONSTRAINT named UNIQUE (a));
--@@
CREATE TABLE cn.t (a int CONSTRAINT named UNIQUE, UNIQUE (a));
--@@
CREATE TABLE cn.t (a int CONSTRAINT n1 UNIQUE, CONSTRAINT n2 UNIQUE (a));
--@@
CREATE TABLE cn.t (a int UNIQUE, CONSTRAINT n1 UNIQUE (a), CONSTRAINT n2 UNIQUE (a));
--@@
CREATE TABLE cn.t (a int PRIMARY KEY, CONSTRAINT named UNIQUE (a));
--@@
CREATE TABLE cn.t (a int UNIQUE, PRIMARY KEY (a));
--@@
CREATE TABLE cn.t (a int CONSTRAINT u1 UNIQUE, PRIMARY KEY (a));
--@@
CREATE TABLE cn.t (a int CONSTRAINT u1 UNIQUE, CONSTRAINT pk PRIMARY KEY (a));
--@@
CREATE TABLE cn.t (a int CONSTRAINT u1 UNIQUE, CONSTRAINT u2 UNIQUE (a), PRIMARY KEY (a));
--@@
CREATE TABLE cn.t (a int, b int, UNIQUE (a, b), UNIQUE (b, a));
--@@
CREATE TABLE cn.t (a int UNIQUE DEFERRABLE, UNIQUE (a));
--@@
CREATE TABLE cn.t (a int UNIQUE DEFERRABLE, UNIQUE (a) DEFERRABLE);
--@@
CREATE TABLE cn.t (a int UNIQUE INITIALLY DEFERRED, UNIQUE (a) DEFERRABLE INITIALLY DEFERRED);
--@@
CREATE TABLE cn.t (a int UNIQUE REFERENCES cn.u DEFERRABLE, UNIQUE (a));
--@@
CREATE TABLE cn.t (a int UNIQUE DEFERRABLE INITIALLY IMMEDIATE, UNIQUE (a) DEFERRABLE);
--@@
CREATE TABLE cn.t (a int UNIQUE, UNIQUE (a) DEFERRABLE INITIALLY DEFERRED, UNIQUE (a) DEFERRABLE);
--@@
CREATE TABLE cn.t (a int UNIQUE, UNIQUE (a) DEFERRABLE INITIALLY IMMEDIATE, UNIQUE (a) NOT DEFERRABLE INITIALLY IMMEDIATE);
--@@
CREATE TABLE cn.t (a int UNIQUE, UNIQUE NULLS NOT DISTINCT (a));
--@@
CREATE TABLE cn.t (a int UNIQUE, UNIQUE NULLS DISTINCT (a));
--@@
CREATE TABLE cn.t (a int, b int, UNIQUE (a) INCLUDE (b), UNIQUE (a));
--@@
CREATE TABLE cn.t (a int, b int, UNIQUE (a) INCLUDE (b), UNIQUE (a) INCLUDE (b));
--@@
CREATE TABLE cn.t (a int, b int, PRIMARY KEY (a) INCLUDE (b), UNIQUE (a) INCLUDE (b));
--@@
CREATE TABLE cn.t (a int, b int, PRIMARY KEY (a, b), UNIQUE (b, a), UNIQUE (a, b));
--@@
CREATE TABLE cn.t (a int UNIQUE, UNIQUE (a) USING INDEX TABLESPACE pg_default);
--@@
CREATE TABLE cn.t (a int, UNIQUE (a) WITH (fillfactor = 50), CONSTRAINT n UNIQUE (a) WITH (fillfactor = 70));
--@@
CREATE TABLE cn.t (a int, EXCLUDE USING btree (a WITH =), EXCLUDE USING btree (a WITH =));
--@@
CREATE TABLE cn.t (a int, EXCLUDE (a WITH =), EXCLUDE USING btree (a WITH =));
--@@
CREATE TABLE cn.t (a int, EXCLUDE USING btree (a WITH =), UNIQUE (a));
--@@
CREATE TABLE cn.t (a int UNIQUE, EXCLUDE USING btree (a WITH =));
--@@
CREATE TABLE cn.t (a int, EXCLUDE USING hash (a WITH =), EXCLUDE USING btree (a WITH =));
--@@
CREATE TABLE cn.t (a int, EXCLUDE USING btree (a WITH =) WHERE (a > 0), EXCLUDE USING btree (a WITH =) WHERE (a > 0));
--@@
CREATE TABLE cn.t (a int, EXCLUDE USING btree (a WITH =), EXCLUDE USING btree (a WITH =) WHERE (a > 0));
--@@
CREATE TABLE cn.t (a int, b text, EXCLUDE USING btree (a WITH =, b WITH =), EXCLUDE USING btree (a WITH =, b COLLATE "C" WITH =));
--@@
CREATE TABLE cn.t (a int, EXCLUDE USING btree (a WITH =), EXCLUDE USING btree ((a) WITH =));
--@@
CREATE TABLE cn.t (a int, EXCLUDE USING btree (abs(a) WITH =), EXCLUDE USING btree (abs(a) WITH =));
--@@
CREATE TABLE cn.t (a int, EXCLUDE USING btree (a WITH =), CONSTRAINT x EXCLUDE USING btree (a WITH =));
--@@
CREATE TABLE cn.t (a int, EXCLUDE USING btree (a int4_ops WITH =), EXCLUDE USING btree (a WITH =));
--@@
CREATE TABLE cn.t (a int UNIQUE, b int UNIQUE, UNIQUE (a), UNIQUE (b));
--@@
CREATE TABLE cn.t (a int, CONSTRAINT t_a_key CHECK (a > 0), UNIQUE (a), UNIQUE (a));
--@@
CREATE TABLE cn.t (a int UNIQUE REFERENCES cn.u, UNIQUE (a), FOREIGN KEY (a) REFERENCES cn.u);
--@@
CREATE TABLE cn.t (a int CONSTRAINT n1 UNIQUE, CONSTRAINT t_a_key UNIQUE (a), UNIQUE (a) DEFERRABLE);
--@@
CREATE TABLE cn.t (a int CONSTRAINT n1 UNIQUE, CONSTRAINT t_a_check UNIQUE (a), CHECK (a > 0));
--@@
CREATE TABLE cn.t (a int UNIQUE, b int, UNIQUE (b), UNIQUE (a), UNIQUE (b));
--@@
CREATE TABLE cn.t (a int UNIQUE, b int UNIQUE DEFERRABLE, UNIQUE (b), UNIQUE (a) DEFERRABLE, UNIQUE (b) DEFERRABLE);
--@@
CREATE TABLE cn.t (a int UNIQUE, UNIQUE (a) WITH (fillfactor = 50) USING INDEX TABLESPACE pg_default, UNIQUE NULLS DISTINCT (a));
--@@
CREATE TABLE cn.t (a int CHECK (a > 0) CHECK (a < 100), b int UNIQUE CHECK (b > a), CHECK (true), CONSTRAINT t_a_check2 CHECK (a > 2));
--@@
CREATE TABLE cn.t (a int REFERENCES cn.u, b int, FOREIGN KEY (b) REFERENCES cn.u, FOREIGN KEY (a) REFERENCES cn.u);
--@@
CREATE TABLE cn.t (a int, b int, UNIQUE (a) INCLUDE (a, b), EXCLUDE USING btree ((a::text) WITH =) INCLUDE (b), UNIQUE (b) INCLUDE (a, a));
--@@
CREATE TABLE cn.t (a int, b int CHECK (b > 0));
ALTER TABLE ONLY cn.t ADD CONSTRAINT t_pkey PRIMARY KEY (a);
ALTER TABLE cn.t ADD CHECK (b < 10), ADD UNIQUE (a, b), ADD FOREIGN KEY (a) REFERENCES cn.u;
--@@
CREATE TABLE cn.t (a int UNIQUE);
ALTER TABLE cn.t ADD UNIQUE (a);
COMMENT ON TABLE cn.t IS 'a duplicate added by ALTER TABLE is an index of its own';
--@@
CREATE TABLE cn.t (a int, CHECK (t IS NOT NULL));
--@@
CREATE TABLE cn.t (a int, b int, CHECK (t IS NOT NULL AND a > 0), CHECK (t.* IS NOT NULL), CHECK (t IS DISTINCT FROM NULL));
--@@
CREATE TABLE cn.t (t int CHECK (t > 0), CHECK (t IS NOT NULL));
--@@
CREATE TABLE cn.t (a int, CHECK (cn.t.a > 0), CHECK (t.a < 100));
--@@
CREATE TABLE cn.t (a int);
ALTER TABLE cn.t ADD CHECK (t IS NOT NULL);
--@@
CREATE TABLE cn.t (t int);
ALTER TABLE ONLY cn.t ADD CHECK (t IS NOT NULL);
--@@
CREATE TABLE cn.t (a int, b int, CHECK ((t).a > 0), CHECK ((t.*).b > 0), CHECK ((t).a > (t).b));
--@@
CREATE TABLE cn.t (a int, b int, CHECK (((t)).a > 0 AND a < 9));
