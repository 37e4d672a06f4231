-- Run notes (MLflow's run description, its tag mlflow.note.content): one row per version of a
-- run's note, never changed afterwards, so an edit never loses text. The current note is the
-- row with the highest version; a run without rows has no note (version 0). The primary key
-- makes two writers who edited the same version conflict: only one gets version + 1.
-- `author` is who saved that version, `written_at` when (ms since the epoch, UTC).

CREATE TABLE run_notes (
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    version INTEGER NOT NULL CHECK (version >= 1),
    text TEXT NOT NULL,
    author TEXT NOT NULL,
    written_at INTEGER NOT NULL,
    PRIMARY KEY (run_id, version)
);

CREATE TRIGGER run_notes_no_update BEFORE UPDATE ON run_notes
BEGIN
    SELECT RAISE(ABORT, 'run_notes is append-only');
END;

-- The note version each MLflow server has as the run's mlflow.note.content tag, so
-- `heatloop runs sync` also sends a note edited after the run was mirrored (a table of its
-- own: mlflow_mirror comes from migration 010, applied after this one on a new database).
CREATE TABLE mlflow_note_mirror (
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    tracking_url TEXT NOT NULL,
    note_version INTEGER NOT NULL,
    PRIMARY KEY (run_id, tracking_url)
);
