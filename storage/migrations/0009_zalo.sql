-- The Zalo channel (bot/zalo). Zalo users get internal ids from ZALO_ID_BASE (2^52) up, so they
-- never meet a Telegram user id (at most 52 bits) in members, chats or dialog state.
CREATE TABLE zalo_users (
    n            INTEGER PRIMARY KEY AUTOINCREMENT,  -- internal id = ZALO_ID_BASE + n
    zalo_id      TEXT NOT NULL UNIQUE,               -- Zalo's hex user id
    display_name TEXT,
    created_at   TEXT NOT NULL
);

-- Updates taken from Zalo and not yet handled. Zalo's getUpdates hands each update out once,
-- with no offset to confirm it, so the transport keeps it here until the bot confirms it by
-- the next getUpdates offset (or the webhook's handling); a crash replays it from here.
CREATE TABLE zalo_inbox (
    n           INTEGER PRIMARY KEY AUTOINCREMENT,   -- update id = ZALO_ID_BASE + n
    body        TEXT NOT NULL,                       -- the Telegram-shaped update (JSON)
    received_at TEXT NOT NULL
);

-- Zalo's ids of the messages already taken in, so a webhook retried or an update handed out
-- twice is handled once. Kept for two days (housekeeping).
CREATE TABLE zalo_seen (
    zalo_message_id TEXT PRIMARY KEY,
    seen_at         TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX zalo_seen_at ON zalo_seen(seen_at);

-- Every message on Zalo under the Telegram-style message id the bot sees, with the options
-- (numbered buttons) still open on the bot's. Ids are never reused: a report's source key is
-- the message id of its card.
CREATE TABLE zalo_messages (
    message_id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id    INTEGER NOT NULL,
    from_user  INTEGER NOT NULL DEFAULT 0,           -- 1: the member wrote it
    text       TEXT NOT NULL DEFAULT '',
    options    TEXT,                                 -- JSON list, NULL once answered
    sent_at    TEXT NOT NULL
);
CREATE INDEX zalo_messages_chat ON zalo_messages(chat_id, message_id);

-- Charts and exports served from short-lived signed links (Zalo sends photos by URL and has no
-- documents).
CREATE TABLE zalo_files (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    mime       TEXT NOT NULL,
    body       BLOB NOT NULL,
    expires_at TEXT NOT NULL                         -- UTC
);
CREATE INDEX zalo_files_expiry ON zalo_files(expires_at);

-- A member who uses both messengers: every chat of theirs beyond the first. members.telegram_id
-- holds the chat messages go to: the one they wrote from last.
CREATE TABLE member_chats (
    chat_id   INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    linked_at TEXT NOT NULL
);
CREATE INDEX member_chats_member ON member_chats(member_id);

-- One-time codes a member types on their other messenger to link it.
CREATE TABLE link_codes (
    code       TEXT PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members(id),
    expires_at TEXT NOT NULL                         -- UTC
);
