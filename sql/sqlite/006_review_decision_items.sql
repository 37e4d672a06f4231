-- The item a review decision was about: its unit, span and score (NULL for decisions recorded
-- before this migration), so the unit view lists and undoes a unit's decisions wherever they
-- were made (the queue or the plot).
ALTER TABLE review_decisions ADD COLUMN unit_id TEXT;
ALTER TABLE review_decisions ADD COLUMN item_start INTEGER;
ALTER TABLE review_decisions ADD COLUMN item_end INTEGER;
ALTER TABLE review_decisions ADD COLUMN score REAL;
CREATE INDEX review_decisions_unit ON review_decisions (run_id, unit_id);
