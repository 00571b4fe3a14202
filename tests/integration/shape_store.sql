-- shape_store.sql - test helper: schema pga_shape, functions that write pggit_v0 objects of any shape
-- (trees from path/content arrays, commits with any parents, time and offset, refs) following every
-- hashing rule of docs/source-format.md (raw trees in byte order, base64 with PostgreSQL's line breaks).
CREATE SCHEMA IF NOT EXISTS pga_shape;
CREATE OR REPLACE FUNCTION pga_shape.sha(p_type text, p_text text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(p_type || ' ' || length(p_text) || ':' || p_text, 'UTF8')), 'hex')
$$;
CREATE OR REPLACE FUNCTION pga_shape.blob(p text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE s text := pga_shape.sha('blob', p);
BEGIN
  INSERT INTO pggit_v0.objects (sha, type, size, content) VALUES (s, 'blob', length(p), p) ON CONFLICT DO NOTHING;
  RETURN s;
END $$;
-- tree from parallel arrays path/content
CREATE OR REPLACE FUNCTION pga_shape.tree(p_paths text[], p_contents text[]) RETURNS text LANGUAGE plpgsql AS $$
DECLARE raw text; t text;
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS pga_shape_e (path text PRIMARY KEY, object_sha text) ON COMMIT DROP;
  DELETE FROM pga_shape_e;
  IF cardinality(p_paths) > 0 THEN
    INSERT INTO pga_shape_e SELECT p, pga_shape.blob(c) FROM unnest(p_paths, p_contents) u(p, c);
  END IF;
  SELECT coalesce(string_agg('100644 ' || path || '|' || object_sha || '|', '' ORDER BY path COLLATE "C"), '')
    INTO raw FROM pga_shape_e;
  t := pga_shape.sha('tree', raw);
  INSERT INTO pggit_v0.objects (sha, type, size, content)
  VALUES (t, 'tree', length(raw), encode(convert_to(raw, 'UTF8'), 'base64')) ON CONFLICT DO NOTHING;
  INSERT INTO pggit_v0.tree_entries (tree_sha, path, mode, object_sha)
  SELECT t, path, '100644', object_sha FROM pga_shape_e ON CONFLICT DO NOTHING;
  RETURN t;
END $$;
-- tree = parent's tree with edits (NULL content removes)
CREATE OR REPLACE FUNCTION pga_shape.tree_edit(p_base_tree text, p_paths text[], p_contents text[]) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE ps text[]; cs text[];
BEGIN
  SELECT coalesce(array_agg(e.path ORDER BY e.path), '{}'), coalesce(array_agg(o.content ORDER BY e.path), '{}')
    INTO ps, cs
    FROM pggit_v0.tree_entries e JOIN pggit_v0.objects o ON o.sha = e.object_sha
   WHERE e.tree_sha = p_base_tree AND NOT (e.path = ANY (p_paths));
  SELECT ps || coalesce(array_agg(p ORDER BY p), '{}'), cs || coalesce(array_agg(c ORDER BY p), '{}')
    INTO ps, cs FROM unnest(p_paths, p_contents) u(p, c) WHERE c IS NOT NULL;
  RETURN pga_shape.tree(ps, cs);
END $$;
CREATE OR REPLACE FUNCTION pga_shape.commit(p_tree text, p_parents text[], p_message text, p_ts bigint,
                                        p_tz text DEFAULT '+0000', p_author text DEFAULT 'Test <test@example.com>',
                                        p_frac double precision DEFAULT 0)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE body text; csha text; gen int; ts timestamp;
BEGIN
  body := 'tree ' || p_tree || E'\n' ||
          coalesce((SELECT string_agg('parent ' || p || E'\n', '' ORDER BY n)
                      FROM unnest(p_parents) WITH ORDINALITY AS u(p, n)), '') ||
          'author ' || p_author || ' ' || p_ts || ' ' || p_tz || E'\ncommitter ' || p_author || ' ' || p_ts ||
          ' ' || p_tz || E'\n\n' || p_message;
  csha := pga_shape.sha('commit', body);
  SELECT coalesce(max(generation) + 1, 0) INTO gen FROM pggit_v0.commit_graph WHERE commit_sha = ANY (p_parents);
  ts := timestamp '1970-01-01' + (p_ts + p_frac) * interval '1 second';
  INSERT INTO pggit_v0.objects (sha, type, size, content) VALUES (csha, 'commit', length(body), body) ON CONFLICT DO NOTHING;
  INSERT INTO pggit_v0.commit_graph (commit_sha, parent_shas, tree_sha, generation, author, committer,
                                     authored_at, committed_at, message)
  VALUES (csha, p_parents, p_tree, gen, p_author, p_author, ts, ts, p_message) ON CONFLICT DO NOTHING;
  RETURN csha;
END $$;
CREATE OR REPLACE FUNCTION pga_shape.tree_of(c text) RETURNS text LANGUAGE sql AS
$$ SELECT tree_sha FROM pggit_v0.commit_graph WHERE commit_sha = c $$;
CREATE OR REPLACE FUNCTION pga_shape.ref(n text, t text, ty text DEFAULT 'branch') RETURNS void LANGUAGE sql AS
$$ INSERT INTO pggit_v0.refs (name, target_sha, type) VALUES (n, t, ty)
   ON CONFLICT (name) DO UPDATE SET target_sha = excluded.target_sha $$;
-- a linear history on the one path app.t: p_commits commits, a new definition of the table every
-- p_change_every-th (the others commit the same tree), each message p_message_md5s x 32 bytes
-- long; refs/heads/main at its tip
CREATE OR REPLACE FUNCTION pga_shape.chain(p_commits int, p_change_every int, p_message_md5s int) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE tip text; t text; b text; raw text;
BEGIN
  FOR i IN 0 .. p_commits - 1 LOOP
    IF i % p_change_every = 0 THEN
      b := pga_shape.blob('CREATE TABLE app.t (id int, c' || i || ' int);');
      raw := '100644 app.t|' || b || '|';
      t := pga_shape.sha('tree', raw);
      INSERT INTO pggit_v0.objects (sha, type, size, content)
      VALUES (t, 'tree', length(raw), encode(convert_to(raw, 'UTF8'), 'base64'));
      INSERT INTO pggit_v0.tree_entries VALUES (t, 'app.t', '100644', b);
    END IF;
    tip := pga_shape.commit(t, CASE WHEN tip IS NULL THEN '{}'::text[] ELSE ARRAY[tip] END,
                            'commit ' || i || E'\n\n' || repeat(md5(i::text), p_message_md5s), 1700000000 + i);
  END LOOP;
  PERFORM pga_shape.ref('refs/heads/main', tip);
  RETURN tip;
END $$;
