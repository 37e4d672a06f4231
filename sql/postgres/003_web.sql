-- The web app (heatloop serve): users with roles and argon2id password hashes, sessions
-- (only the SHA-256 of the cookie's token is stored), and review-queue decisions per run.
-- Times are milliseconds since the epoch (UTC).

CREATE TABLE web_users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'reviewer', 'admin')),
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE web_sessions (
    token_sha256 TEXT PRIMARY KEY,
    user_name TEXT NOT NULL REFERENCES web_users (name) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

-- One row per decided review-queue item of a run: candidates (alarms overlapping no label)
-- and missed labels, accepted or rejected. A decided item never comes back for that run.
CREATE TABLE review_decisions (
    run_id TEXT NOT NULL,
    item_key TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject')),
    who TEXT NOT NULL,
    decided_at BIGINT NOT NULL,
    label_id BIGINT,
    PRIMARY KEY (run_id, item_key)
);

-- The category a reviewer's accepted review-queue candidate gets unless they name one.
INSERT INTO label_categories (name, description, created_at) VALUES
    ('unknown_anomaly', 'flagged by a model and accepted by a reviewer, cause not yet known', 0);
