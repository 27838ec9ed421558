-- A broadcast: what an admin or coordinator sends to an audience, delivered through the
-- outbox (one row per recipient, kind 'broadcast', ref_id = broadcasts.id).
CREATE TABLE broadcasts (
    id               INTEGER PRIMARY KEY,
    sender_id        INTEGER NOT NULL REFERENCES members(id),
    area_id          INTEGER NOT NULL REFERENCES areas(id),
    roles            TEXT NOT NULL,            -- "member,leader"
    only_unreported  INTEGER NOT NULL DEFAULT 0,
    content          TEXT NOT NULL,            -- JSON: text / photo or document file id, caption
    recipients       INTEGER NOT NULL DEFAULT 0,
    status           TEXT NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued', 'sending', 'done', 'cancelled')),
    scheduled_at     TEXT NOT NULL,            -- UTC: not sent before
    progress_chat    INTEGER,
    progress_message INTEGER,
    created_at       TEXT NOT NULL,
    finished_at      TEXT
);
CREATE INDEX broadcasts_status ON broadcasts(status);
