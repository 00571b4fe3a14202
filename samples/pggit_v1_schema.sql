-- pggit_v1_schema.sql - the pgGit v1 incremental history tables (schema pggit: the enum
-- types, objects and history) as the source contract lists them, including the columns
-- pggit-audit does not rely on, so that data-only dumps of real pgGit installations load.
-- Idempotent: safe to run twice (the types are created in DO blocks).
CREATE SCHEMA IF NOT EXISTS pggit;

DO $types$
BEGIN
    IF to_regtype('pggit.object_type') IS NULL THEN
        CREATE TYPE pggit.object_type AS ENUM ('SCHEMA','TABLE','COLUMN','INDEX','CONSTRAINT','VIEW',
          'MATERIALIZED_VIEW','FUNCTION','PROCEDURE','TRIGGER','TYPE','SEQUENCE','PARTITION',
          'BRANCH','COMMIT','TAG');
    END IF;
    IF to_regtype('pggit.change_type') IS NULL THEN
        CREATE TYPE pggit.change_type AS ENUM ('CREATE','ALTER','DROP','RENAME','COMMENT','BRANCH',
          'MERGE','CONFLICT_RESOLVED');
    END IF;
    IF to_regtype('pggit.change_severity') IS NULL THEN
        CREATE TYPE pggit.change_severity AS ENUM ('MAJOR','MINOR','PATCH');
    END IF;
    IF to_regtype('pggit.merge_resolution') IS NULL THEN
        CREATE TYPE pggit.merge_resolution AS ENUM ('AUTO_RESOLVED','MANUAL_RESOLVED',
          'CONFLICT_PENDING','MERGE_REJECTED');
    END IF;
END
$types$;

CREATE TABLE IF NOT EXISTS pggit.objects (
    id               SERIAL PRIMARY KEY,
    object_type      pggit.object_type NOT NULL,
    schema_name      TEXT NOT NULL,
    object_name      TEXT NOT NULL,
    full_name        TEXT GENERATED ALWAYS AS (CASE WHEN schema_name = '' THEN object_name
                       ELSE schema_name || '.' || object_name END) STORED,
    parent_id        INTEGER REFERENCES pggit.objects(id) ON DELETE CASCADE,
    content_hash     TEXT,
    ddl_normalized   TEXT,
    branch_id        INTEGER DEFAULT 1,
    branch_name      TEXT DEFAULT 'main',
    version          INTEGER NOT NULL DEFAULT 1,
    version_major    INTEGER NOT NULL DEFAULT 1,
    version_minor    INTEGER NOT NULL DEFAULT 0,
    version_patch    INTEGER NOT NULL DEFAULT 0,
    metadata         JSONB DEFAULT '{}',
    is_active        BOOLEAN DEFAULT true,
    created_at       TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at       TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    ddl_hash         TEXT,
    structure_hash   TEXT,
    constraints_hash TEXT,
    indexes_hash     TEXT,
    UNIQUE (object_type, schema_name, object_name, branch_name)
);

CREATE TABLE IF NOT EXISTS pggit.history (
    id                 SERIAL PRIMARY KEY,
    object_id          INTEGER NOT NULL REFERENCES pggit.objects(id) ON DELETE CASCADE,
    change_type        pggit.change_type NOT NULL,
    change_severity    pggit.change_severity NOT NULL,
    commit_hash        TEXT,
    branch_id          INTEGER,
    merge_base_hash    TEXT,
    merge_resolution   pggit.merge_resolution,
    old_version        INTEGER,
    new_version        INTEGER,
    old_metadata       JSONB,
    new_metadata       JSONB,
    change_description TEXT,
    sql_executed       TEXT,        -- the statement as run; may be NULL
    created_at         TIMESTAMP DEFAULT CURRENT_TIMESTAMP,  -- may be NULL in old rows
    created_by         TEXT DEFAULT CURRENT_USER,            -- may be NULL in old rows
    old_hash           TEXT,
    new_hash           TEXT
);
