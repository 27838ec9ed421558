-- Areas form a tree of any depth. `path` holds the ancestor ids ("/1/7/42/") so that
-- "everything under this commune" is one indexed range query.
CREATE TABLE areas (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    parent_id  INTEGER REFERENCES areas(id),
    level      TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune', 'village')),
    path       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX areas_parent ON areas(parent_id);

CREATE TABLE teams (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    area_id      INTEGER NOT NULL REFERENCES areas(id),
    invite_code  TEXT NOT NULL UNIQUE,
    leader_name  TEXT,
    leader_phone TEXT,
    active       INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX teams_area ON teams(area_id);

CREATE TABLE members (
    id            INTEGER PRIMARY KEY,
    telegram_id   INTEGER UNIQUE,
    full_name     TEXT NOT NULL,
    phone         TEXT,
    team_id       INTEGER REFERENCES teams(id),
    role          TEXT NOT NULL DEFAULT 'member'
                  CHECK (role IN ('member', 'leader', 'coordinator', 'admin')),
    scope_area_id INTEGER REFERENCES areas(id),
    language      TEXT NOT NULL DEFAULT 'vi' CHECK (language IN ('vi', 'en')),
    status        TEXT NOT NULL DEFAULT 'active'
                  CHECK (status IN ('active', 'left', 'unreachable', 'erased')),
    joined_at     TEXT NOT NULL,
    consent_at    TEXT,
    updated_at    TEXT NOT NULL
);
CREATE INDEX members_team ON members(team_id, status);
CREATE INDEX members_scope ON members(scope_area_id);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    actor_id  INTEGER,            -- members.id, or NULL for the command line and jobs
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT '{}',   -- JSON
    at        TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);

-- python-telegram-bot persistence: dialog states and per-user dialog data (JSON).
CREATE TABLE ptb_conversations (
    name  TEXT NOT NULL,
    key   TEXT NOT NULL,          -- JSON array, e.g. [chat_id, user_id]
    state TEXT NOT NULL,          -- JSON
    PRIMARY KEY (name, key)
) WITHOUT ROWID;

CREATE TABLE ptb_user_data (
    user_id INTEGER PRIMARY KEY,
    data    TEXT NOT NULL
);
