-- Label store: units, the category taxonomy, labels, their append-only history, and the
-- global revision counter. Times are milliseconds since the epoch (UTC).

CREATE TABLE units (
    unit_id TEXT PRIMARY KEY,
    type TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    extra_json TEXT NOT NULL DEFAULT '{}',
    updated_at INTEGER NOT NULL
);

CREATE TABLE label_categories (
    name TEXT PRIMARY KEY,
    description TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

INSERT INTO label_categories (name, description, created_at) VALUES
    ('compressor_failure', 'compressor does not run or trips', 0),
    ('refrigerant_leak', 'gradual loss of refrigerant and COP', 0),
    ('sensor_fault', 'sensor stuck, drifting or spiking', 0),
    ('short_cycling', 'compressor starts and stops too often', 0),
    ('circulation_failure', 'circulation pump failure, no flow', 0),
    ('aux_heater_stuck', 'auxiliary (electric) heater stuck on', 0),
    ('shower_event', 'a hot-water draw from a shower', 0);

-- One row: the current revision and the time it was made. Writers update this row first,
-- which serialises label changes so revisions commit in order.
CREATE TABLE label_store_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL,
    changed_at INTEGER NOT NULL
);
INSERT INTO label_store_state (id, revision, changed_at) VALUES (1, 0, 0);

-- One row per revision: who made it, when (never decreasing), what and why.
CREATE TABLE label_revisions (
    revision INTEGER PRIMARY KEY,
    changed_at INTEGER NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    why TEXT NOT NULL DEFAULT ''
);
CREATE INDEX label_revisions_time ON label_revisions (changed_at);

CREATE TABLE labels (
    id INTEGER PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units (unit_id),
    start_time INTEGER NOT NULL,
    end_time INTEGER NOT NULL,
    category TEXT NOT NULL REFERENCES label_categories (name),
    confidence REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    status TEXT NOT NULL CHECK (status IN ('proposed', 'confirmed', 'rejected', 'superseded')),
    source TEXT NOT NULL,
    reviewer TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    revision INTEGER NOT NULL REFERENCES label_revisions (revision),
    CHECK (end_time > start_time)
);
CREATE INDEX labels_unit_time ON labels (unit_id, start_time);

-- Append-only: one row per change of one label. `after_json` is the full label after the
-- change, `before_json` before it (NULL when created).
CREATE TABLE label_history (
    label_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    revision INTEGER NOT NULL REFERENCES label_revisions (revision),
    who TEXT NOT NULL,
    changed_at INTEGER NOT NULL,
    action TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT NOT NULL,
    why TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (label_id, version)
);
CREATE INDEX label_history_revision ON label_history (revision);

CREATE TRIGGER label_history_no_update BEFORE UPDATE ON label_history
BEGIN
    SELECT RAISE(ABORT, 'label_history is append-only');
END;
CREATE TRIGGER label_history_no_delete BEFORE DELETE ON label_history
BEGIN
    SELECT RAISE(ABORT, 'label_history is append-only');
END;
CREATE TRIGGER label_revisions_no_update BEFORE UPDATE ON label_revisions
BEGIN
    SELECT RAISE(ABORT, 'label_revisions is append-only');
END;
CREATE TRIGGER label_revisions_no_delete BEFORE DELETE ON label_revisions
BEGIN
    SELECT RAISE(ABORT, 'label_revisions is append-only');
END;
