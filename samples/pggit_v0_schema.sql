-- pggit_v0_schema.sql - the pgGit v0 content-addressable store tables (objects, refs,
-- commit_graph, tree_entries) exactly as the source contract lists them. Idempotent: safe to
-- run twice. Used to load v0 fixtures and to hold stores made by generate_store.sql.
CREATE SCHEMA IF NOT EXISTS pggit_v0;

CREATE TABLE IF NOT EXISTS pggit_v0.objects (
    sha        TEXT PRIMARY KEY,
    type       TEXT NOT NULL CHECK (type IN ('commit', 'tree', 'blob', 'tag')),
    size       INTEGER NOT NULL,
    content    TEXT NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS pggit_v0.refs (
    name       TEXT PRIMARY KEY,
    target_sha TEXT NOT NULL REFERENCES pggit_v0.objects(sha),
    type       TEXT NOT NULL CHECK (type IN ('branch', 'tag', 'remote'))
);

-- denormalised cache of every commit object, for traversal without parsing
CREATE TABLE IF NOT EXISTS pggit_v0.commit_graph (
    commit_sha   TEXT PRIMARY KEY REFERENCES pggit_v0.objects(sha),
    parent_shas  TEXT[] NOT NULL DEFAULT '{}',
    tree_sha     TEXT NOT NULL,
    generation   INTEGER NOT NULL DEFAULT 0,   -- 0 for a root, else max(parents)+1
    author       TEXT NOT NULL,
    committer    TEXT NOT NULL,
    authored_at  TIMESTAMP NOT NULL,
    committed_at TIMESTAMP NOT NULL,
    message      TEXT NOT NULL
);

-- denormalised cache of every tree object's entries
CREATE TABLE IF NOT EXISTS pggit_v0.tree_entries (
    tree_sha   TEXT NOT NULL REFERENCES pggit_v0.objects(sha),
    path       TEXT NOT NULL,          -- '<schema>.<name>', e.g. 'public.users'
    mode       TEXT NOT NULL,          -- '100644' for an object definition
    object_sha TEXT NOT NULL REFERENCES pggit_v0.objects(sha),
    PRIMARY KEY (tree_sha, path)
);
