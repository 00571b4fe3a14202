-- support/pggit_v0_tables.sql - the pggit_v0 store tables exactly as SOURCE_FORMAT.md section 1
-- lists them; the pgTAP runner uses it to load the v0 fixture when the project has no
-- samples/pggit_v0_schema.sql yet.
CREATE SCHEMA pggit_v0;

CREATE TABLE pggit_v0.objects (
    sha        TEXT PRIMARY KEY,
    type       TEXT NOT NULL CHECK (type IN ('commit', 'tree', 'blob', 'tag')),
    size       INTEGER NOT NULL,
    content    TEXT NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE pggit_v0.refs (
    name       TEXT PRIMARY KEY,
    target_sha TEXT NOT NULL REFERENCES pggit_v0.objects(sha),
    type       TEXT NOT NULL CHECK (type IN ('branch', 'tag', 'remote'))
);

CREATE TABLE pggit_v0.commit_graph (
    commit_sha   TEXT PRIMARY KEY REFERENCES pggit_v0.objects(sha),
    parent_shas  TEXT[] NOT NULL DEFAULT '{}',
    tree_sha     TEXT NOT NULL,
    generation   INTEGER NOT NULL DEFAULT 0,
    author       TEXT NOT NULL,
    committer    TEXT NOT NULL,
    authored_at  TIMESTAMP NOT NULL,
    committed_at TIMESTAMP NOT NULL,
    message      TEXT NOT NULL
);

CREATE TABLE pggit_v0.tree_entries (
    tree_sha   TEXT NOT NULL REFERENCES pggit_v0.objects(sha),
    path       TEXT NOT NULL,
    mode       TEXT NOT NULL,
    object_sha TEXT NOT NULL REFERENCES pggit_v0.objects(sha),
    PRIMARY KEY (tree_sha, path)
);
