-- Updates already handled, so a replayed update (a crash before getUpdates confirmed it, a
-- webhook retry) changes nothing. Update ids are not monotonic across long silences, hence
-- a set of recent ids rather than "the highest id seen".
CREATE TABLE processed_updates (
    update_id    INTEGER PRIMARY KEY,
    processed_at TEXT NOT NULL
);
CREATE INDEX processed_updates_at ON processed_updates(processed_at);
