-- Reminder rules live here so admins can change them and a restart rebuilds the jobs.
-- days: ISO weekdays, 1 = Monday ... 7 = Sunday.
CREATE TABLE reminder_rules (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    scope      TEXT NOT NULL CHECK (scope IN ('day', 'week')),  -- no report today / this week
    at_time    TEXT NOT NULL,                                    -- HH:MM local
    days       TEXT NOT NULL,                                    -- "1,2,3,4,5,6"
    active     INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);
INSERT INTO reminder_rules (name, scope, at_time, days, updated_at) VALUES
    ('daily', 'day', '16:00', '1,2,3,4,5,6', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('weekly', 'week', '09:00', '5', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

-- No reminders on these days. Fixed public holidays and Tết as announced; admins edit.
CREATE TABLE holidays (
    day  TEXT PRIMARY KEY,   -- YYYY-MM-DD local
    name TEXT NOT NULL
);

-- "I'm away until ...": no reminders to this member up to and including that day.
ALTER TABLE members ADD COLUMN away_until TEXT;

CREATE TABLE deadlines (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    due_at       TEXT NOT NULL,          -- UTC
    area_id      INTEGER NOT NULL REFERENCES areas(id),
    roles        TEXT NOT NULL,          -- "member,leader"
    categories   TEXT NOT NULL,          -- form category ids that count, "" = any
    period_start TEXT NOT NULL,          -- a report dated in [start, end] counts as done
    period_end   TEXT NOT NULL,
    created_by   INTEGER REFERENCES members(id),
    created_at   TEXT NOT NULL,
    cancelled_at TEXT
);
CREATE INDEX deadlines_due ON deadlines(due_at);

-- Targets per indicator, area and period ("2026-11" a month, "2026" a year).
CREATE TABLE targets (
    indicator  TEXT NOT NULL,
    area_id    INTEGER NOT NULL REFERENCES areas(id),
    period     TEXT NOT NULL,
    value      INTEGER NOT NULL CHECK (value > 0),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (indicator, area_id, period)
);

-- Runs of scheduled jobs that must happen once (e.g. a day's summary), for catching up.
CREATE TABLE job_runs (
    job     TEXT NOT NULL,
    run_key TEXT NOT NULL,      -- e.g. the local date
    done_at TEXT NOT NULL,
    counts  TEXT NOT NULL,      -- JSON
    PRIMARY KEY (job, run_key)
);

-- Shipped holidays: fixed public holidays, and Tết as the government announced it (2026) or
-- as expected (2027: check the announcement and edit with `python -m bot holidays`).
INSERT INTO holidays (day, name) VALUES
    ('2026-01-01', 'Tết Dương lịch'),
    ('2026-02-14', 'Tết Nguyên đán'), ('2026-02-15', 'Tết Nguyên đán'),
    ('2026-02-16', 'Tết Nguyên đán'), ('2026-02-17', 'Tết Nguyên đán'),
    ('2026-02-18', 'Tết Nguyên đán'), ('2026-02-19', 'Tết Nguyên đán'),
    ('2026-02-20', 'Tết Nguyên đán'), ('2026-02-21', 'Tết Nguyên đán'),
    ('2026-02-22', 'Tết Nguyên đán'),
    ('2026-04-26', 'Giỗ Tổ Hùng Vương'),
    ('2026-04-30', 'Ngày Giải phóng miền Nam'),
    ('2026-05-01', 'Quốc tế Lao động'),
    ('2026-09-01', 'Quốc khánh'), ('2026-09-02', 'Quốc khánh'),
    ('2027-01-01', 'Tết Dương lịch'),
    ('2027-02-05', 'Tết Nguyên đán (dự kiến)'), ('2027-02-06', 'Tết Nguyên đán (dự kiến)'),
    ('2027-02-07', 'Tết Nguyên đán (dự kiến)'), ('2027-02-08', 'Tết Nguyên đán (dự kiến)'),
    ('2027-02-09', 'Tết Nguyên đán (dự kiến)'), ('2027-02-10', 'Tết Nguyên đán (dự kiến)'),
    ('2027-04-16', 'Giỗ Tổ Hùng Vương'),
    ('2027-04-30', 'Ngày Giải phóng miền Nam'),
    ('2027-05-01', 'Quốc tế Lao động'),
    ('2027-09-02', 'Quốc khánh'), ('2027-09-03', 'Quốc khánh');
