-- MLflow mirror state (src/tracking/mlflow_mirror.cpp): how far each run is mirrored to each
-- MLflow tracking server. metric_cursor is the highest metrics.id the server acknowledged,
-- so a resumed sync sends every point exactly once; complete = 1 once artifacts and the
-- final status are there too. runs.mlflow_run_id / mlflow_synced mirror the latest server.

CREATE TABLE mlflow_mirror (
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    tracking_url TEXT NOT NULL,
    experiment_id TEXT NOT NULL DEFAULT '',
    mlflow_run_id TEXT NOT NULL DEFAULT '',
    artifact_uri TEXT NOT NULL DEFAULT '',
    metric_cursor BIGINT NOT NULL DEFAULT 0,
    params_sent BIGINT NOT NULL DEFAULT 0,
    complete BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (run_id, tracking_url)
);
