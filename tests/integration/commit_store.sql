-- commit_store.sql - test helper: pga_test.commit_paths(paths text[], contents text[], message text)
-- appends one commit on refs/heads/main of a pggit_v0 store (the root commit of an empty one), setting each path to its content
-- (NULL content removes the path), following every hashing rule of the contract
-- (blob/commit over content, tree over the raw text sorted in byte order, base64 with
-- PostgreSQL's line breaks). Returns the new commit's sha. pga_test.commit_raw() writes
-- the commit, and any other shape of commit for the tests that need one.
CREATE SCHEMA IF NOT EXISTS pga_test;
CREATE OR REPLACE FUNCTION pga_test.sha(p_type text, p_text text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(p_type || ' ' || length(p_text) || ':' || p_text, 'UTF8')), 'hex')
$$;
-- pga_test.commit_raw(tree, parents, message, ts): a commit of any shape (any number of
-- parents, no parent, any existing tree), written as pgGit writes one; moves no ref.
-- Returns its sha. Its generation is max(parents' generations) + 1, or 0 for a root.
CREATE OR REPLACE FUNCTION pga_test.commit_raw(p_tree text, p_parents text[], p_message text, p_ts bigint)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  body text; csha text; gen int;
BEGIN
  body := 'tree ' || p_tree || E'\n' ||
          coalesce((SELECT string_agg('parent ' || p || E'\n', '' ORDER BY n)
                      FROM unnest(p_parents) WITH ORDINALITY AS u(p, n)), '') ||
          'author Test <test@example.com> ' || p_ts || E' +0000\ncommitter Test <test@example.com> ' || p_ts ||
          E' +0000\n\n' || p_message;
  csha := pga_test.sha('commit', body);
  SELECT coalesce(max(generation) + 1, 0) INTO gen FROM pggit_v0.commit_graph WHERE commit_sha = ANY (p_parents);
  INSERT INTO pggit_v0.objects (sha, type, size, content) VALUES (csha, 'commit', length(body), body);
  INSERT INTO pggit_v0.commit_graph (commit_sha, parent_shas, tree_sha, generation, author, committer,
                                     authored_at, committed_at, message)
  VALUES (csha, p_parents, p_tree, gen, 'Test <test@example.com>', 'Test <test@example.com>',
          to_timestamp(p_ts) AT TIME ZONE 'UTC', to_timestamp(p_ts) AT TIME ZONE 'UTC', p_message);
  RETURN csha;
END $$;

CREATE OR REPLACE FUNCTION pga_test.commit_paths(p_paths text[], p_contents text[], p_message text)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  parent text; parent_tree text; parent_gen int; raw text; tree text; csha text;
BEGIN
  SELECT target_sha INTO parent FROM pggit_v0.refs WHERE name = 'refs/heads/main';
  SELECT tree_sha, generation INTO parent_tree, parent_gen FROM pggit_v0.commit_graph WHERE commit_sha = parent;
  CREATE TEMP TABLE IF NOT EXISTS pga_entries (path text PRIMARY KEY, object_sha text) ON COMMIT DROP;
  DELETE FROM pga_entries;
  INSERT INTO pga_entries SELECT path, object_sha FROM pggit_v0.tree_entries WHERE tree_sha = parent_tree;
  FOR i IN 1 .. cardinality(p_paths) LOOP
    DELETE FROM pga_entries WHERE path = p_paths[i];
    IF p_contents[i] IS NOT NULL THEN
      INSERT INTO pggit_v0.objects (sha, type, size, content)
      VALUES (pga_test.sha('blob', p_contents[i]), 'blob', length(p_contents[i]), p_contents[i])
      ON CONFLICT (sha) DO NOTHING;
      INSERT INTO pga_entries VALUES (p_paths[i], pga_test.sha('blob', p_contents[i]));
    END IF;
  END LOOP;
  SELECT coalesce(string_agg('100644 ' || path || '|' || object_sha || '|', '' ORDER BY path COLLATE "C"), '')
    INTO raw FROM pga_entries;
  tree := pga_test.sha('tree', raw);
  INSERT INTO pggit_v0.objects (sha, type, size, content)
  VALUES (tree, 'tree', length(raw), encode(convert_to(raw, 'UTF8'), 'base64')) ON CONFLICT (sha) DO NOTHING;
  INSERT INTO pggit_v0.tree_entries (tree_sha, path, mode, object_sha)
  SELECT tree, path, '100644', object_sha FROM pga_entries ON CONFLICT DO NOTHING;
  -- an empty store: a root commit, and refs/heads/main created
  -- the commit's epoch: the session's pga_test.ts when set, else one second per generation
  csha := pga_test.commit_raw(tree, CASE WHEN parent IS NULL THEN '{}'::text[] ELSE ARRAY[parent] END, p_message,
                              coalesce(nullif(current_setting('pga_test.ts', true), '')::bigint,
                                       1800000000 + coalesce(parent_gen, -1)));
  INSERT INTO pggit_v0.refs (name, target_sha, type) VALUES ('refs/heads/main', csha, 'branch')
  ON CONFLICT (name) DO UPDATE SET target_sha = excluded.target_sha;
  RETURN csha;
END $$;
