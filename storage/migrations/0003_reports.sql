-- Reports: one row per activity a member reports for a day. `team_id` and `area_id` are
-- copied from the member's team when the report is made, so summaries are one indexed range
-- over areas and dates, and a member who moves team leaves their history where it was.
CREATE TABLE reports (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    team_id     INTEGER NOT NULL REFERENCES teams(id),
    area_id     INTEGER NOT NULL REFERENCES areas(id),
    report_date TEXT NOT NULL,            -- local date, YYYY-MM-DD
    category    TEXT NOT NULL,            -- form category id; retired ids stay valid here
    note        TEXT,
    source      TEXT NOT NULL UNIQUE,     -- the confirming card: a double tap or replay is harmless
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX reports_member_date ON reports(member_id, report_date);
CREATE INDEX reports_area_date ON reports(area_id, report_date);
CREATE INDEX reports_team_date ON reports(team_id, report_date);
CREATE INDEX reports_date ON reports(report_date);

-- Values by indicator id, so a form can change without breaking old reports.
CREATE TABLE report_values (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    indicator TEXT NOT NULL,
    value     INTEGER NOT NULL CHECK (value >= 0),
    PRIMARY KEY (report_id, indicator)
) WITHOUT ROWID;
