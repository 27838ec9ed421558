-- Everything the bot sends on its own initiative (reminders, deadline alerts, summaries,
-- broadcasts) is first written here, one row per recipient, then sent by one paced worker.
-- `dedupe_key` makes "at most once per person" hold across restarts: the row is committed
-- before the message leaves, and a second enqueue of the same key is ignored.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,          -- reminder, deadline, summary, broadcast, ...
    ref_id          INTEGER,                -- e.g. the broadcast or deadline it belongs to
    member_id       INTEGER REFERENCES members(id),
    chat_id         INTEGER NOT NULL,
    payload         TEXT NOT NULL,          -- JSON: text, buttons, photo/document file id
    attachment      BLOB,                   -- bytes of a photo or document to upload, if any
    dedupe_key      TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sending', 'sent', 'blocked', 'failed',
                                      'cancelled', 'skipped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    not_before      TEXT NOT NULL,          -- UTC; retries and "remind me later" wait until then
    error           TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX outbox_due ON outbox(status, not_before, id);
CREATE INDEX outbox_ref ON outbox(kind, ref_id, status);
