-- Run tracking (schema only; filled by src/tracking). Times are milliseconds since the
-- epoch (UTC). metrics.value is NULL for NaN (SQLite cannot store NaN).

CREATE TABLE experiments (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    experiment_id INTEGER REFERENCES experiments (id),
    name TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    start_time INTEGER NOT NULL,
    end_time INTEGER,
    git_commit TEXT,
    config_text TEXT,
    dataset_fingerprint TEXT,
    label_revision INTEGER,
    mlflow_run_id TEXT,
    mlflow_synced INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX runs_experiment ON runs (experiment_id, start_time);

CREATE TABLE params (
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
);

CREATE TABLE metrics (
    id INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value REAL,
    step INTEGER NOT NULL DEFAULT 0,
    timestamp INTEGER NOT NULL,
    unit_id TEXT
);
CREATE INDEX metrics_run_key ON metrics (run_id, key, step);

CREATE TABLE artifacts (
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (run_id, path)
);
