-- Households of the smart-meter job, synced from the workspace's households files (the
-- workspace manifest is the source; ingest and opening the store copy it here). has_heat_pump
-- is the heat-pump detection target: 1, 0, or NULL when unknown. unit_id links a household to
-- its heat-pump unit (not a foreign key: households may name units never ingested). Times are
-- milliseconds since the epoch (UTC).

CREATE TABLE households (
    household_id TEXT PRIMARY KEY,
    has_heat_pump INTEGER CHECK (has_heat_pump IN (0, 1)),
    heat_pump_type TEXT NOT NULL DEFAULT '',
    unit_id TEXT,
    location TEXT NOT NULL DEFAULT '',
    extra_json TEXT NOT NULL DEFAULT '{}',
    updated_at INTEGER NOT NULL
);
CREATE INDEX households_unit ON households (unit_id);
