-- generate_store.sql - installs schema pggit_sample: a deterministic generator of valid
-- pggit_v0 stores (the content-addressable pgGit store described in SOURCE_FORMAT.md), for
-- tests, demos and benchmarks of pggit-audit.
--
--   pggit_sample.generate_store(p_commits, p_objects, p_branches DEFAULT 1,
--                               p_changes_per_commit DEFAULT 3, p_seed DEFAULT 1) RETURNS text
--       Fills the EMPTY pggit_v0 tables of the current database (create them first with
--       pggit_v0_schema.sql) with exactly p_commits commits: an empty root commit, an import
--       of p_objects objects (tagged refs/tags/v1.0), then commits changing about
--       p_changes_per_commit objects each on main, and p_branches-1 feature branches
--       (refs/heads/feature/...) merged back into main by two-parent merge commits.
--       Returns a one-line summary. Raises an exception when the tables are not empty or
--       the numbers cannot be honoured.
--   pggit_sample.append_commits(p_n, p_seed DEFAULT 7) RETURNS text
--       Adds exactly p_n commits on top of refs/heads/main and moves that ref ("production
--       moved on"). Objects the generator's catalog knows are re-generated at a new revision;
--       unknown objects (a store not made here) get an amended definition.
--
-- Every hashing rule of the contract is followed: blob/commit sha = sha256 of
-- 'TYPE ' || length(content) || ':' || content over UTF-8; a tree's content is
-- encode(raw, 'base64') and its sha/size are over the raw text; raw trees list entries in
-- byte order (COLLATE "C"), which is the reproducible order.
--
-- Determinism: no random(), now() or clock. Choices come from md5 of (seed, purpose, counter);
-- commit n (root = 0) is stamped 1767225600 + n*60 (2026-01-01 UTC); objects.created_at is set
-- to the stamp of the commit that first wrote the object. Same arguments -> same shas.
--
-- Bookkeeping: pggit_sample.catalog (one row per generated object: kind, name, revision) is
-- kept between calls so append_commits can continue a generated store; the working state of
-- each branch lives in the session's temporary table pg_temp.sample_state.

CREATE SCHEMA IF NOT EXISTS pggit_sample;

-- One row per object the generator ever created (live or dropped).
CREATE TABLE IF NOT EXISTS pggit_sample.catalog (
    ordinal     integer PRIMARY KEY,
    kind        text    NOT NULL,     -- schema, table, index, view, function, sequence, type, trigger
    schema_name text    NOT NULL,     -- unquoted
    name        text    NOT NULL,     -- unquoted; for a schema object, the schema name again
    ref_ordinal integer,              -- the table an index/view/trigger/function reads
    version     integer NOT NULL DEFAULT 1,   -- revision of the definition; bumped by each change
    dropped     boolean NOT NULL DEFAULT false,
    path        text    NOT NULL      -- tree path: quote_ident(schema) [ '.' quote_ident(name) ]
);

-- Deterministic pseudo-random non-negative integer for (seed, purpose, counter).
CREATE OR REPLACE FUNCTION pggit_sample.rnd(p_seed integer, p_tag text, p_i bigint)
RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (('x' || substr(md5(p_seed::text || ':' || p_tag || ':' || p_i::text), 1, 8))::bit(32)::integer)
           & 2147483647
$$;

-- Hex sha of an object as the contract defines it: sha256('TYPE ' || length(text) || ':' || text).
-- For a tree, p_text is the RAW tree text, not the stored base64.
CREATE OR REPLACE FUNCTION pggit_sample.object_sha(p_type text, p_text text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT encode(sha256(convert_to(p_type || ' ' || length(p_text) || ':' || p_text, 'UTF8')), 'hex')
$$;

-- The timestamp (without time zone, UTC) of a unix epoch.
CREATE OR REPLACE FUNCTION pggit_sample.utc(p_epoch bigint)
RETURNS timestamp LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (timestamp '1970-01-01 00:00:00' + p_epoch * interval '1 second')
$$;

-- The tree path of an object: the bare quoted schema for a schema, else "schema"."name".
CREATE OR REPLACE FUNCTION pggit_sample.object_path(p_kind text, p_schema text, p_name text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN p_kind = 'schema' THEN quote_ident(p_schema)
                ELSE quote_ident(p_schema) || '.' || quote_ident(p_name) END
$$;

-- The DDL of one object at one revision. p_ref_table is the qualified name of the table the
-- object reads (indexes, views, triggers, SQL functions). Each revision differs from the one
-- before it; revisions far apart may coincide again (a revert). Texts carry comments,
-- dollar-quoted bodies, several statements, quotes and non-ASCII letters on purpose.
CREATE OR REPLACE FUNCTION pggit_sample.object_ddl(p_kind text, p_schema text, p_name text,
                                                   p_ref_table text, p_ordinal integer,
                                                   p_version integer)
RETURNS text LANGUAGE plpgsql IMMUTABLE AS $ddl$
DECLARE
    qs        text := quote_ident(p_schema);
    qn        text := quote_ident(p_schema) || '.' || quote_ident(p_name);
    ref       text := coalesce(p_ref_table, 'pg_catalog.pg_class');
    v         integer := p_version;
    col_types text[] := ARRAY['integer', 'text', 'numeric(12,2)', 'timestamptz', 'boolean',
                              'jsonb', 'varchar(80)', 'bigint'];
    labels    text[] := ARRAY['new', 'paid', 'shipped', 'cancelled', 'refunded', 'état final',
                              'on hold', 'archivé'];
    notes     text[] := ARRAY['Produktkatalog – Größe, café, naïve', '日本語の説明 ✓',
                              'it''s "quoted"', 'Zoë''s ledger; semi;colons', 'plain note'];
    note      text := notes[1 + (p_ordinal + p_version) % 5];
    cols      text := '';
    col_type  text;
    r         text;
BEGIN
    CASE p_kind
    WHEN 'schema' THEN
        r := format('CREATE SCHEMA %s AUTHORIZATION app_owner;', qs);
        IF v > 1 THEN
            r := r || format(E'\nCOMMENT ON SCHEMA %s IS %L;', qs, note || ' (rev ' || v || ')');
        END IF;
    WHEN 'table' THEN
        FOR c IN 1 .. (v - 1) % 12 LOOP      -- one more column per revision, wrapping at 12
            col_type := col_types[1 + (p_ordinal + c) % 8];
            cols := cols || format(E'    col_%s %s%s,\n', c, col_type,
                        CASE WHEN col_type IN ('integer', 'bigint') AND c % 2 = 0
                             THEN ' NOT NULL DEFAULT ' || c ELSE '' END);
        END LOOP;
        r := CASE WHEN p_ordinal % 4 = 0 THEN format(E'-- %s, revision %s\n', p_name, v) ELSE '' END
          || format(E'CREATE TABLE %s (\n    id bigint GENERATED ALWAYS AS IDENTITY,\n' ||
                    E'    label text NOT NULL DEFAULT %L,\n%s' ||
                    E'    created_at timestamptz NOT NULL DEFAULT now(),\n' ||
                    E'    CONSTRAINT %s PRIMARY KEY (id)\n);',
                    qn, 'n/a', cols, quote_ident(p_name || '_pkey'));
        IF (p_ordinal + v) % 3 = 0 THEN
            r := r || format(E'\nCOMMENT ON TABLE %s IS %L;', qn, note);
        END IF;
    WHEN 'index' THEN
        r := CASE (v - 1) % 4
            WHEN 0 THEN format('CREATE INDEX %s ON %s USING btree (created_at);', quote_ident(p_name), ref)
            WHEN 1 THEN format('CREATE INDEX %s ON %s USING btree (label) WHERE (label <> %L);',
                               quote_ident(p_name), ref, 'n/a')
            WHEN 2 THEN format('CREATE UNIQUE INDEX %s ON %s USING btree (id, label);', quote_ident(p_name), ref)
            ELSE format('CREATE INDEX %s ON %s USING brin (created_at) WITH (pages_per_range = %s);',
                        quote_ident(p_name), ref, 16 * v)
        END;
    WHEN 'view' THEN
        r := format(E'CREATE OR REPLACE VIEW %s AS\n SELECT t.id,\n    t.label,\n    t.created_at\n' ||
                    E'   FROM %s t\n  WHERE t.id > %s%s;', qn, ref, 10 * v,
                    CASE WHEN v % 2 = 0 THEN E'\n  ORDER BY t.created_at DESC' ELSE '' END);
        IF p_ordinal % 2 = 0 THEN
            r := r || format(E'\nCOMMENT ON VIEW %s IS %L;', qn, note);
        END IF;
    WHEN 'function' THEN
        IF p_ordinal % 2 = 0 THEN
            r := format(E'CREATE OR REPLACE FUNCTION %s(p_id bigint)\n RETURNS bigint\n LANGUAGE plpgsql\n' ||
                        E' STABLE\nAS $function$\n-- revision %s: %s\nDECLARE\n    v_note text := %L;\n' ||
                        E'    v_len  integer;\nBEGIN\n    -- a lone $ and a $$ pair are fine inside this body\n' ||
                        E'    EXECUTE $q$SELECT length($1)$q$ INTO v_len USING v_note;\n' ||
                        E'    RETURN p_id * %s + v_len;\nEND\n$function$;',
                        qn, v, note, 'it''s $1 "x"', v);
        ELSE
            r := format(E'CREATE OR REPLACE FUNCTION %s(p_limit integer DEFAULT %s)\n RETURNS SETOF %s\n' ||
                        E' LANGUAGE sql\n STABLE\nAS $body$\n    SELECT *\n      FROM %s\n' ||
                        E'     WHERE label <> %L  -- %s\n     ORDER BY id DESC\n     LIMIT p_limit\n$body$;\n' ||
                        'COMMENT ON FUNCTION %s(integer) IS %L;',
                        qn, 10 * v, ref, ref, 'n/a', note, qn, 'revision ' || v);
        END IF;
    WHEN 'sequence' THEN
        r := format('CREATE SEQUENCE %s AS bigint START WITH %s INCREMENT BY %s CACHE %s;',
                    qn, 1000 * v, 1 + (v - 1) % 5, 1 + (p_ordinal % 3) * 10);
    WHEN 'type' THEN
        IF p_ordinal % 2 = 0 THEN
            SELECT format(E'CREATE TYPE %s AS ENUM (\n    %s\n);', qn,
                          string_agg(quote_literal(labels[i]), E',\n    ' ORDER BY i))
              INTO r
              FROM generate_series(1, 2 + (v - 1) % 7) AS i;
        ELSE
            r := format(E'CREATE TYPE %s AS (\n    amount numeric(12,%s),\n    currency char(3)%s\n);',
                        qn, 2 + (v - 1) % 4, CASE WHEN v % 2 = 0 THEN E',\n    note text' ELSE '' END);
        END IF;
    WHEN 'trigger' THEN
        r := format(E'CREATE TRIGGER %s\n    BEFORE %s ON %s\n    FOR EACH ROW%s\n' ||
                    '    EXECUTE FUNCTION suppress_redundant_updates_trigger();',
                    quote_ident(p_name),
                    CASE v % 3 WHEN 1 THEN 'UPDATE' WHEN 2 THEN 'INSERT OR UPDATE' ELSE 'UPDATE OF label' END,
                    ref,
                    CASE WHEN v > 3 THEN format(E'\n    WHEN (NEW.id > %s)', v) ELSE '' END);
    ELSE
        RAISE EXCEPTION 'pggit_sample.object_ddl: unknown kind %', p_kind;
    END CASE;
    RETURN r;
END
$ddl$;

-- The current DDL of a catalog object (at its current revision and name).
CREATE OR REPLACE FUNCTION pggit_sample.catalog_ddl(p_ordinal integer)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT pggit_sample.object_ddl(c.kind, c.schema_name, c.name, t.path, c.ordinal, c.version)
      FROM pggit_sample.catalog c
      LEFT JOIN pggit_sample.catalog t ON t.ordinal = c.ref_ordinal
     WHERE c.ordinal = p_ordinal
$$;

-- Adds object p_ordinal of kind p_kind to the catalog, in one of the first p_schemas schemas
-- (or, for a schema object, as schema number p_ordinal). Names mix plain identifiers with
-- dots, quotes, spaces, upper case and non-ASCII letters. Indexes and triggers move to the
-- schema of the table they are on. Returns the object's path.
CREATE OR REPLACE FUNCTION pggit_sample.catalog_add(p_seed integer, p_ordinal integer,
                                                    p_kind text, p_schemas integer)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    schema_names text[] := ARRAY['app', 'Sales.EU', 'billing', 'Analytics', 'auth', 'Größe Daten',
                                 'reporting', 'Kunden "VIP"', 'inventory', 'ops'];
    bases        text[];
    v_schema     text;
    v_name       text;
    v_ref        integer;
    v_path       text;
BEGIN
    IF p_kind = 'schema' THEN
        v_schema := schema_names[p_ordinal];
        v_name := v_schema;
    ELSE
        bases := CASE p_kind
            WHEN 'table'    THEN ARRAY['orders', 'customers', 'Order.Lines', 'invoices', 'Top Customers',
                                       'bücher', 'line_items', 'Événements', 'Say "Hi"', 'payments']
            WHEN 'index'    THEN ARRAY['idx_created', 'Idx.Label', 'idx_unique', 'index ünïcode', 'idx_brin']
            WHEN 'view'     THEN ARRAY['v_open_orders', 'Top Customers View', 'v_umsätze', 'v.daily']
            WHEN 'function' THEN ARRAY['order_total', 'Calc.Price', 'berechne_größe', 'refresh_all']
            WHEN 'sequence' THEN ARRAY['order_number_seq', 'Invoice.No.Seq', 'seq_ß']
            WHEN 'type'     THEN ARRAY['order_status', 'money_amount', 'Währung', 'Geo Point']
            ELSE                 ARRAY['set_updated_at', 'Audit.Trigger', 'trg_änderung']
        END;
        v_schema := schema_names[1 + pggit_sample.rnd(p_seed, 'schema', p_ordinal) % p_schemas];
        v_name := bases[1 + pggit_sample.rnd(p_seed, 'name', p_ordinal) % cardinality(bases)]
                  || '_' || p_ordinal;
        IF p_kind <> 'table' THEN
            -- the nearest table: same schema first, then an older one, then the closest ordinal
            SELECT t.ordinal INTO v_ref
              FROM pggit_sample.catalog t
             WHERE t.kind = 'table'
             ORDER BY (t.schema_name = v_schema) DESC, (t.ordinal < p_ordinal) DESC,
                      abs(t.ordinal - p_ordinal), t.ordinal
             LIMIT 1;
            IF p_kind IN ('index', 'trigger') AND v_ref IS NOT NULL THEN
                SELECT t.schema_name INTO v_schema FROM pggit_sample.catalog t WHERE t.ordinal = v_ref;
            END IF;
        END IF;
    END IF;
    v_path := pggit_sample.object_path(p_kind, v_schema, v_name);
    INSERT INTO pggit_sample.catalog (ordinal, kind, schema_name, name, ref_ordinal, path)
    VALUES (p_ordinal, p_kind, v_schema, v_name, v_ref, v_path);
    RETURN v_path;
END
$$;

-- (Re)creates the empty working state: one row per object per branch (br 0 = main).
CREATE OR REPLACE FUNCTION pggit_sample.prepare_state()
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF to_regclass('pg_temp.sample_state') IS NULL THEN
        CREATE TEMP TABLE sample_state (
            br      integer NOT NULL,
            ordinal integer NOT NULL,
            kind    text    NOT NULL,
            path    text COLLATE "C" NOT NULL,
            blob    text    NOT NULL,
            PRIMARY KEY (br, ordinal),
            UNIQUE (br, path)
        );
    END IF;
    TRUNCATE pg_temp.sample_state;
END
$$;

-- Stores a blob (if new) and returns its sha.
CREATE OR REPLACE FUNCTION pggit_sample.put_blob(p_content text, p_at timestamp)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_sha text := pggit_sample.object_sha('blob', p_content);
BEGIN
    INSERT INTO pggit_v0.objects (sha, type, size, content, created_at)
    VALUES (v_sha, 'blob', length(p_content), p_content, p_at)
    ON CONFLICT (sha) DO NOTHING;
    RETURN v_sha;
END
$$;

-- Stores the tree of branch p_br's working state (and its tree_entries, if the tree is new)
-- and returns its sha.
CREATE OR REPLACE FUNCTION pggit_sample.write_tree(p_br integer, p_at timestamp)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_raw  text;
    v_sha  text;
    v_new  integer;
BEGIN
    SELECT coalesce(string_agg('100644 ' || path || '|' || blob || '|', '' ORDER BY path COLLATE "C"), '')
      INTO v_raw
      FROM pg_temp.sample_state
     WHERE br = p_br;
    v_sha := pggit_sample.object_sha('tree', v_raw);
    INSERT INTO pggit_v0.objects (sha, type, size, content, created_at)
    VALUES (v_sha, 'tree', length(v_raw), encode(convert_to(v_raw, 'UTF8'), 'base64'), p_at)
    ON CONFLICT (sha) DO NOTHING;
    GET DIAGNOSTICS v_new = ROW_COUNT;
    IF v_new = 1 THEN
        INSERT INTO pggit_v0.tree_entries (tree_sha, path, mode, object_sha)
        SELECT v_sha, path, '100644', blob FROM pg_temp.sample_state WHERE br = p_br;
    END IF;
    RETURN v_sha;
END
$$;

-- Stores a commit object and its commit_graph row; returns the commit sha.
CREATE OR REPLACE FUNCTION pggit_sample.write_commit(p_tree text, p_parents text[], p_author text,
                                                     p_committer text, p_epoch bigint, p_message text)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_text text;
    v_sha  text;
    v_at   timestamp := pggit_sample.utc(p_epoch);
    v_gen  integer := 0;
BEGIN
    v_text := 'tree ' || p_tree || E'\n'
           || coalesce((SELECT string_agg('parent ' || p || E'\n', '' ORDER BY n)
                          FROM unnest(p_parents) WITH ORDINALITY AS u(p, n)), '')
           || 'author ' || p_author || ' ' || p_epoch || E' +0000\n'
           || 'committer ' || p_committer || ' ' || p_epoch || E' +0000\n'
           || E'\n' || p_message;
    v_sha := pggit_sample.object_sha('commit', v_text);
    IF cardinality(p_parents) > 0 THEN
        SELECT coalesce(max(generation), -1) + 1 INTO v_gen
          FROM pggit_v0.commit_graph WHERE commit_sha = ANY (p_parents);
    END IF;
    INSERT INTO pggit_v0.objects (sha, type, size, content, created_at)
    VALUES (v_sha, 'commit', length(v_text), v_text, v_at);
    INSERT INTO pggit_v0.commit_graph (commit_sha, parent_shas, tree_sha, generation, author,
                                       committer, authored_at, committed_at, message)
    VALUES (v_sha, p_parents, p_tree, v_gen, p_author, p_committer, v_at, v_at, p_message);
    RETURN v_sha;
END
$$;

-- Picks a live object of branch p_br among the kinds in p_kinds (NULL = any), skipping the
-- ordinals in p_exclude, at a pseudo-random ordinal in [p_lo, p_hi] derived from p_rand.
-- A few exact draws keep the choice uniform; after that, the next live ordinal (wrapping
-- around) is taken. Returns NULL when there is none.
CREATE OR REPLACE FUNCTION pggit_sample.pick_live(p_br integer, p_lo integer, p_hi integer, p_rand integer,
                                                p_kinds text[], p_exclude integer[] DEFAULT '{}')
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    v_ordinal integer;
    v_target  integer;
BEGIN
    FOR k IN 0 .. 3 LOOP
        v_target := p_lo + (CASE WHEN k = 0 THEN p_rand ELSE pggit_sample.rnd(p_rand, 'retry', k) END)
                           % greatest(p_hi - p_lo + 1, 1);
        SELECT ordinal INTO v_ordinal FROM pg_temp.sample_state
         WHERE br = p_br AND ordinal = v_target AND (p_kinds IS NULL OR kind = ANY (p_kinds))
           AND ordinal <> ALL (p_exclude);
        IF v_ordinal IS NOT NULL THEN
            RETURN v_ordinal;
        END IF;
    END LOOP;
    SELECT ordinal INTO v_ordinal FROM pg_temp.sample_state
     WHERE br = p_br AND ordinal >= v_target AND (p_kinds IS NULL OR kind = ANY (p_kinds))
       AND ordinal <> ALL (p_exclude)
     ORDER BY ordinal LIMIT 1;
    IF v_ordinal IS NULL THEN
        SELECT ordinal INTO v_ordinal FROM pg_temp.sample_state
         WHERE br = p_br AND (p_kinds IS NULL OR kind = ANY (p_kinds))
           AND ordinal <> ALL (p_exclude)
         ORDER BY ordinal LIMIT 1;
    END IF;
    RETURN v_ordinal;
END
$$;

-- Applies p_n changes to branch p_br's working state and returns their description.
-- p_mode: 'main' (alter, add, drop, re-create, rename), 'branch' (alter, add) or 'append'
-- (alter, add; objects unknown to the catalog are amended textually). p_forced, if not NULL,
-- is the kind of the first change ('drop', 'recreate' or 'rename') so that every store of a
-- reasonable size shows each case.
CREATE OR REPLACE FUNCTION pggit_sample.apply_changes(p_seed integer, p_br integer, p_step integer,
                                                      p_n integer, p_mode text, p_forced text,
                                                      p_at timestamp)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    add_kinds  text[] := ARRAY['index', 'function', 'view', 'table', 'index', 'trigger'];
    v_descr    text[] := '{}';
    v_op       text;
    v_roll     integer;
    v_max      integer;
    v_min      integer;
    v_schemas  integer;
    v_ordinal  integer;
    v_version  integer;
    v_path     text;
    v_old_path text;
    v_kind     text;
    v_blob     text;
    v_content  text;
    v_count    integer;
    v_touched  integer[] := '{}';   -- objects already changed by this commit
BEGIN
    SELECT coalesce(max(ordinal), 0), greatest(count(*) FILTER (WHERE kind = 'schema'), 1)
      INTO v_max, v_schemas FROM pggit_sample.catalog;
    -- ordinals of objects the catalog does not know are negative (append on a foreign store)
    SELECT least(coalesce(min(ordinal), 1), 1) INTO v_min FROM pg_temp.sample_state WHERE br = p_br;
    FOR x IN 1 .. p_n LOOP
        v_roll := pggit_sample.rnd(p_seed, 'op-' || p_mode, p_step::bigint * 1000 + x) % 100;
        v_op := CASE
            WHEN x = 1 AND p_forced IS NOT NULL THEN p_forced
            WHEN p_mode = 'main' AND v_roll < 8  THEN 'drop'
            WHEN p_mode = 'main' AND v_roll < 12 THEN 'recreate'
            WHEN p_mode = 'main' AND v_roll < 14 THEN 'rename'
            WHEN p_mode = 'main' AND v_roll < 18 THEN 'add'
            WHEN v_roll >= 98 THEN 'alter-schema'
            WHEN p_mode = 'branch' AND v_roll < 30 THEN 'add'
            WHEN p_mode = 'append' AND v_roll < 15 THEN 'add'
            ELSE 'alter' END;

        IF v_op = 'recreate' THEN
            SELECT count(*) INTO v_count FROM pggit_sample.catalog c
             WHERE c.dropped
               AND NOT EXISTS (SELECT 1 FROM pg_temp.sample_state s WHERE s.br = p_br AND s.ordinal = c.ordinal);
            IF v_count = 0 THEN
                v_op := 'alter';
            ELSE
                SELECT c.ordinal INTO v_ordinal FROM pggit_sample.catalog c
                 WHERE c.dropped
                   AND NOT EXISTS (SELECT 1 FROM pg_temp.sample_state s WHERE s.br = p_br AND s.ordinal = c.ordinal)
                 ORDER BY c.ordinal
                OFFSET pggit_sample.rnd(p_seed, 'recreate', p_step::bigint * 1000 + x) % v_count LIMIT 1;
                -- half of the re-creations bring back the very same definition
                IF pggit_sample.rnd(p_seed, 'same', p_step::bigint * 1000 + x) % 2 = 1 THEN
                    UPDATE pggit_sample.catalog SET version = version + 1 WHERE ordinal = v_ordinal;
                END IF;
                UPDATE pggit_sample.catalog SET dropped = false WHERE ordinal = v_ordinal
                RETURNING kind, path INTO v_kind, v_path;
                v_blob := pggit_sample.put_blob(pggit_sample.catalog_ddl(v_ordinal), p_at);
                INSERT INTO pg_temp.sample_state (br, ordinal, kind, path, blob)
                VALUES (p_br, v_ordinal, v_kind, v_path, v_blob);
                v_descr := v_descr || ('re-create ' || v_kind || ' ' || v_path);
                v_touched := v_touched || v_ordinal;
                CONTINUE;
            END IF;
        END IF;

        IF v_op = 'add' THEN
            v_max := v_max + 1;
            v_kind := add_kinds[1 + pggit_sample.rnd(p_seed, 'add-kind', v_max) % cardinality(add_kinds)];
            v_path := pggit_sample.catalog_add(p_seed, v_max, v_kind, v_schemas);
            v_blob := pggit_sample.put_blob(pggit_sample.catalog_ddl(v_max), p_at);
            INSERT INTO pg_temp.sample_state (br, ordinal, kind, path, blob)
            VALUES (p_br, v_max, v_kind, v_path, v_blob);
            v_descr := v_descr || ('add ' || v_kind || ' ' || v_path);
            v_touched := v_touched || v_max;
            CONTINUE;
        END IF;

        v_ordinal := pggit_sample.pick_live(p_br, v_min, v_max,
                        pggit_sample.rnd(p_seed, 'pick-' || v_op, p_step::bigint * 1000 + x),
                        CASE v_op WHEN 'drop' THEN ARRAY['table', 'index', 'view', 'function', 'sequence', 'type', 'trigger']
                                  WHEN 'rename' THEN ARRAY['table', 'view', 'function', 'sequence']
                                  WHEN 'alter-schema' THEN ARRAY['schema', 'unknown']
                                  ELSE ARRAY['table', 'index', 'view', 'function', 'sequence', 'type',
                                             'trigger', 'unknown'] END,
                        v_touched);
        IF v_ordinal IS NULL THEN
            v_ordinal := pggit_sample.pick_live(p_br, v_min, v_max, 0, NULL, v_touched);
            v_op := 'alter';
            IF v_ordinal IS NULL THEN
                CONTINUE;   -- nothing to change at all
            END IF;
        END IF;
        v_touched := v_touched || v_ordinal;
        SELECT kind, path, blob INTO v_kind, v_old_path, v_blob
          FROM pg_temp.sample_state WHERE br = p_br AND ordinal = v_ordinal;

        IF v_op = 'drop' THEN
            DELETE FROM pg_temp.sample_state WHERE br = p_br AND ordinal = v_ordinal;
            UPDATE pggit_sample.catalog SET dropped = true WHERE ordinal = v_ordinal;
            v_descr := v_descr || ('drop ' || v_kind || ' ' || v_old_path);
        ELSIF v_op = 'rename' THEN
            -- same definition under a new path
            UPDATE pggit_sample.catalog
               SET name = name || '_r' || p_step,
                   path = pggit_sample.object_path(kind, schema_name, name || '_r' || p_step)
             WHERE ordinal = v_ordinal
            RETURNING path INTO v_path;
            UPDATE pg_temp.sample_state SET path = v_path WHERE br = p_br AND ordinal = v_ordinal;
            v_descr := v_descr || ('rename ' || v_kind || ' ' || v_old_path || ' to ' || v_path);
        ELSIF v_ordinal > 0 THEN
            UPDATE pggit_sample.catalog SET version = version + 1 WHERE ordinal = v_ordinal
            RETURNING version INTO v_version;
            v_blob := pggit_sample.put_blob(pggit_sample.catalog_ddl(v_ordinal), p_at);
            UPDATE pg_temp.sample_state SET blob = v_blob WHERE br = p_br AND ordinal = v_ordinal;
            v_descr := v_descr || (CASE v_kind WHEN 'function' THEN 'replace ' ELSE 'alter ' END
                                   || v_kind || ' ' || v_old_path || ' (rev ' || v_version || ')');
        ELSE
            -- an object the catalog does not know (append on a foreign store): amend its text
            SELECT content INTO v_content FROM pggit_v0.objects WHERE sha = v_blob;
            v_blob := pggit_sample.put_blob(v_content || E'\n-- amended in production, step ' || p_step, p_at);
            UPDATE pg_temp.sample_state SET blob = v_blob WHERE br = p_br AND ordinal = v_ordinal;
            v_descr := v_descr || ('amend ' || v_old_path);
        END IF;
    END LOOP;
    RETURN array_to_string(v_descr, '; ');
END
$$;

-- The commit author for commit step p_step.
CREATE OR REPLACE FUNCTION pggit_sample.author(p_seed integer, p_step integer)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT (ARRAY['Alice Martin <alice@example.com>', 'Björn Ångström <bjorn@example.com>',
                  '李雷 <li.lei@example.com>', 'Zoë O''Neil <zoe@example.com>',
                  'Deploy Bot <ci@example.com>'])[1 + pggit_sample.rnd(p_seed, 'author', p_step) % 5]
$$;

-- A commit message: the change list, sometimes with a body (several lines).
CREATE OR REPLACE FUNCTION pggit_sample.message(p_seed integer, p_step integer, p_prefix text, p_changes text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT p_prefix || CASE WHEN p_changes = '' THEN 'no-op' ELSE p_changes END
        || CASE WHEN pggit_sample.rnd(p_seed, 'body', p_step) % 7 = 0
                THEN E'\n\nTicket: DBA-' || p_step || E'\nReviewed-by: Zoë O''Neil <zoe@example.com>'
                ELSE '' END
$$;

CREATE OR REPLACE FUNCTION pggit_sample.generate_store(p_commits integer, p_objects integer,
                                                       p_branches integer DEFAULT 1,
                                                       p_changes_per_commit integer DEFAULT 3,
                                                       p_seed integer DEFAULT 1)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    base_epoch  constant bigint := 1767225600;     -- 2026-01-01 00:00:00 UTC
    bot         constant text := 'Deploy Bot <ci@example.com>';
    branch_names text[] := ARRAY['loyalty', 'gift-cards', 'search', 'eu-vat', 'reporting-v2', 'audit'];
    v_schemas   integer;
    v_nb        integer := p_branches - 1;
    v_rest      integer := p_commits - 2;
    v_cap       integer;
    v_main      integer;
    v_len       integer[] := '{}';
    v_fork      integer[] := '{}';
    v_merge_at  integer[] := '{}';
    v_done      integer[] := '{}';
    v_open      boolean[] := '{}';
    v_br_head   text[] := '{}';
    v_br_tree   text[] := '{}';
    v_br_name   text[] := '{}';
    v_step      integer := 0;
    v_main_head text;
    v_main_tree text;
    v_tree      text;
    v_changes   text;
    v_forced    text;
    v_now_n     integer;
    v_epoch     bigint;
    v_kinds     text[] := ARRAY['table', 'index', 'function', 'view', 'table', 'index', 'sequence',
                                'type', 'trigger', 'function'];
    v_summary   text;
BEGIN
    IF p_commits IS NULL OR p_objects IS NULL OR p_branches IS NULL OR p_changes_per_commit IS NULL
       OR p_seed IS NULL THEN
        RAISE EXCEPTION 'generate_store: arguments must not be NULL';
    END IF;
    IF p_objects < 4 OR p_branches < 1 OR p_changes_per_commit < 1 THEN
        RAISE EXCEPTION 'generate_store: need p_objects >= 4, p_branches >= 1, p_changes_per_commit >= 1';
    END IF;
    IF p_commits < 2 + 2 * v_nb OR p_commits < 2 THEN
        RAISE EXCEPTION 'generate_store: p_commits = % is too small for % branches (need at least %)',
            p_commits, p_branches, 2 + 2 * v_nb;
    END IF;
    IF EXISTS (SELECT 1 FROM pggit_v0.objects) OR EXISTS (SELECT 1 FROM pggit_v0.refs)
       OR EXISTS (SELECT 1 FROM pggit_v0.commit_graph) OR EXISTS (SELECT 1 FROM pggit_v0.tree_entries) THEN
        RAISE EXCEPTION 'generate_store: the pggit_v0 tables are not empty';
    END IF;

    PERFORM pggit_sample.prepare_state();
    TRUNCATE pggit_sample.catalog;

    -- commit 0: the empty root
    v_epoch := base_epoch;
    v_main_tree := pggit_sample.write_tree(0, pggit_sample.utc(v_epoch));
    v_main_head := pggit_sample.write_commit(v_main_tree, '{}', bot, bot, v_epoch, 'Initial empty schema');

    -- commit 1: the initial import, tagged v1.0
    v_step := 1;
    v_epoch := base_epoch + 60 * v_step;
    v_schemas := least(10, greatest(2, p_objects / 6));
    FOR i IN 1 .. p_objects LOOP
        PERFORM pggit_sample.catalog_add(p_seed, i,
                    CASE WHEN i <= v_schemas THEN 'schema' ELSE v_kinds[1 + (i - v_schemas - 1) % 10] END,
                    v_schemas);
    END LOOP;
    INSERT INTO pg_temp.sample_state (br, ordinal, kind, path, blob)
    SELECT 0, c.ordinal, c.kind, c.path,
           pggit_sample.put_blob(pggit_sample.catalog_ddl(c.ordinal), pggit_sample.utc(v_epoch))
      FROM pggit_sample.catalog c ORDER BY c.ordinal;
    ANALYZE pg_temp.sample_state;
    v_main_tree := pggit_sample.write_tree(0, pggit_sample.utc(v_epoch));
    v_main_head := pggit_sample.write_commit(v_main_tree, ARRAY[v_main_head], 'Alice Martin <alice@example.com>',
                       'Alice Martin <alice@example.com>', v_epoch,
                       format('Import initial application schema (%s objects)', p_objects));
    INSERT INTO pggit_v0.refs (name, target_sha, type) VALUES ('refs/tags/v1.0', v_main_head, 'tag');

    -- plan the branches: v_len[b] commits on branch b, then one merge commit
    IF v_nb > 0 THEN
        v_cap := greatest(1, (v_rest * 2 / 3) / v_nb - 1);
        FOR b IN 1 .. v_nb LOOP
            v_len := v_len || least(v_cap, 2 + pggit_sample.rnd(p_seed, 'branch-len', b) % 3);
            v_br_name := v_br_name || ('feature/' || CASE WHEN b <= cardinality(branch_names)
                                                          THEN branch_names[b] ELSE 'topic-' || b END);
        END LOOP;
    END IF;
    v_main := v_rest - coalesce((SELECT sum(l + 1) FROM unnest(v_len) AS l), 0)::integer;
    FOR b IN 1 .. v_nb LOOP
        v_fork := v_fork || (v_main * b / (v_nb + 1));
        v_merge_at := v_merge_at || least(v_main, v_main * b / (v_nb + 1) + greatest(1, v_main / (v_nb + 1) / 2));
        v_done := v_done || 0;
        v_open := v_open || false;
        v_br_head := v_br_head || NULL::text;
        v_br_tree := v_br_tree || NULL::text;
    END LOOP;

    -- j = number of main commits made so far (after the import)
    FOR j IN 0 .. v_main LOOP
        FOR b IN 1 .. v_nb LOOP
            IF v_fork[b] = j THEN
                INSERT INTO pg_temp.sample_state (br, ordinal, kind, path, blob)
                SELECT b, ordinal, kind, path, blob FROM pg_temp.sample_state WHERE br = 0;
                v_open[b] := true;
                v_br_head[b] := v_main_head;
                v_br_tree[b] := v_main_tree;
            END IF;
        END LOOP;
        FOR b IN 1 .. v_nb LOOP
            CONTINUE WHEN NOT v_open[b];
            -- spread the branch's commits over the main commits made while it is open
            v_now_n := CASE WHEN j >= v_merge_at[b] THEN v_len[b] - v_done[b]
                            ELSE ceil((v_len[b] - v_done[b])::numeric / (v_merge_at[b] - j + 1))::integer END;
            FOR x IN 1 .. v_now_n LOOP
                v_step := v_step + 1;
                v_epoch := base_epoch + 60 * v_step;
                v_changes := pggit_sample.apply_changes(p_seed, b, v_step,
                                 greatest(1, p_changes_per_commit - 1 + pggit_sample.rnd(p_seed, 'n', v_step) % 3),
                                 'branch', NULL, pggit_sample.utc(v_epoch));
                v_tree := pggit_sample.write_tree(b, pggit_sample.utc(v_epoch));
                v_br_head[b] := pggit_sample.write_commit(v_tree, ARRAY[v_br_head[b]],
                                    pggit_sample.author(p_seed, v_step), pggit_sample.author(p_seed, v_step), v_epoch,
                                    pggit_sample.message(p_seed, v_step, v_br_name[b] || ': ', v_changes));
                v_done[b] := v_done[b] + 1;
            END LOOP;
            IF j >= v_merge_at[b] THEN
                -- merge: main's tree plus every entry the branch added or changed since the fork
                v_step := v_step + 1;
                v_epoch := base_epoch + 60 * v_step;
                INSERT INTO pg_temp.sample_state AS m (br, ordinal, kind, path, blob)
                SELECT 0, s.ordinal, s.kind, s.path, s.blob
                  FROM pg_temp.sample_state s
                 WHERE s.br = b
                   AND NOT EXISTS (SELECT 1 FROM pggit_v0.tree_entries te
                                    WHERE te.tree_sha = v_br_tree[b] AND te.path = s.path
                                      AND te.object_sha = s.blob)
                ON CONFLICT (br, ordinal) DO UPDATE SET blob = EXCLUDED.blob;
                UPDATE pggit_sample.catalog c SET dropped = false
                 WHERE c.dropped AND EXISTS (SELECT 1 FROM pg_temp.sample_state s
                                              WHERE s.br = 0 AND s.ordinal = c.ordinal);
                DELETE FROM pg_temp.sample_state WHERE br = b;
                v_main_tree := pggit_sample.write_tree(0, pggit_sample.utc(v_epoch));
                v_main_head := pggit_sample.write_commit(v_main_tree, ARRAY[v_main_head, v_br_head[b]], bot, bot,
                                   v_epoch, format('Merge branch %L into main', v_br_name[b]));
                INSERT INTO pggit_v0.refs (name, target_sha, type)
                VALUES ('refs/heads/' || v_br_name[b], v_br_head[b], 'branch');
                v_open[b] := false;
            END IF;
        END LOOP;
        IF j < v_main THEN
            v_step := v_step + 1;
            v_epoch := base_epoch + 60 * v_step;
            v_forced := CASE j + 1 WHEN 1 THEN 'drop' WHEN 2 THEN 'rename' WHEN 3 THEN 'recreate' END;
            v_changes := pggit_sample.apply_changes(p_seed, 0, v_step,
                             greatest(1, p_changes_per_commit - 1 + pggit_sample.rnd(p_seed, 'n', v_step) % 3),
                             'main', v_forced, pggit_sample.utc(v_epoch));
            v_main_tree := pggit_sample.write_tree(0, pggit_sample.utc(v_epoch));
            v_main_head := pggit_sample.write_commit(v_main_tree, ARRAY[v_main_head],
                               pggit_sample.author(p_seed, v_step), pggit_sample.author(p_seed, v_step), v_epoch,
                               pggit_sample.message(p_seed, v_step, '', v_changes));
        END IF;
    END LOOP;
    INSERT INTO pggit_v0.refs (name, target_sha, type) VALUES ('refs/heads/main', v_main_head, 'branch');

    SELECT format('pggit_sample: %s commits (%s merges), %s trees, %s blobs, %s tree entries, %s refs; seed %s',
                  (SELECT count(*) FROM pggit_v0.commit_graph),
                  (SELECT count(*) FROM pggit_v0.commit_graph WHERE cardinality(parent_shas) > 1),
                  (SELECT count(*) FROM pggit_v0.objects WHERE type = 'tree'),
                  (SELECT count(*) FROM pggit_v0.objects WHERE type = 'blob'),
                  (SELECT count(*) FROM pggit_v0.tree_entries),
                  (SELECT count(*) FROM pggit_v0.refs), p_seed)
      INTO v_summary;
    RETURN v_summary;
END
$$;

CREATE OR REPLACE FUNCTION pggit_sample.append_commits(p_n integer, p_seed integer DEFAULT 7)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_head    text;
    v_tree    text;
    v_epoch   bigint;
    v_step    integer;
    v_changes text;
BEGIN
    IF p_n IS NULL OR p_n < 0 OR p_seed IS NULL THEN
        RAISE EXCEPTION 'append_commits: p_n must be >= 0 and p_seed not NULL';
    END IF;
    SELECT target_sha INTO v_head FROM pggit_v0.refs WHERE name = 'refs/heads/main' FOR UPDATE;
    IF v_head IS NULL THEN
        RAISE EXCEPTION 'append_commits: no refs/heads/main';
    END IF;
    SELECT tree_sha INTO v_tree FROM pggit_v0.commit_graph WHERE commit_sha = v_head;
    IF v_tree IS NULL THEN
        RAISE EXCEPTION 'append_commits: refs/heads/main points at % which has no commit_graph row', v_head;
    END IF;
    -- continue the clock after the newest commit; steps continue the commit count
    SELECT extract(epoch FROM max(committed_at))::bigint, count(*)::integer
      INTO v_epoch, v_step FROM pggit_v0.commit_graph;

    PERFORM pggit_sample.prepare_state();
    INSERT INTO pg_temp.sample_state (br, ordinal, kind, path, blob)
    SELECT 0, coalesce(c.ordinal, -(row_number() OVER (ORDER BY te.path COLLATE "C"))::integer),
           coalesce(c.kind, 'unknown'), te.path, te.object_sha
      FROM pggit_v0.tree_entries te
      LEFT JOIN pggit_sample.catalog c ON c.path = te.path AND NOT c.dropped
     WHERE te.tree_sha = v_tree;
    ANALYZE pg_temp.sample_state;

    FOR i IN 1 .. p_n LOOP
        v_step := v_step + 1;
        v_epoch := v_epoch + 60;
        v_changes := pggit_sample.apply_changes(p_seed, 0, v_step, 2 + pggit_sample.rnd(p_seed, 'n', v_step) % 3,
                                                'append', NULL, pggit_sample.utc(v_epoch));
        v_tree := pggit_sample.write_tree(0, pggit_sample.utc(v_epoch));
        v_head := pggit_sample.write_commit(v_tree, ARRAY[v_head], pggit_sample.author(p_seed, v_step),
                      pggit_sample.author(p_seed, v_step), v_epoch,
                      pggit_sample.message(p_seed, v_step, 'Production change: ', v_changes));
    END LOOP;
    UPDATE pggit_v0.refs SET target_sha = v_head WHERE name = 'refs/heads/main';
    RETURN format('pggit_sample: appended %s commits; refs/heads/main -> %s', p_n, v_head);
END
$$;
