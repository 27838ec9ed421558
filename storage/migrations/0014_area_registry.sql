-- The official area registry (issue 17, items 1 and 3): provinces and communes carry the
-- National Statistics Office's code and their kind (tỉnh, thành phố, xã, phường, đặc khu).
-- Areas imported before keep their slug codes and get no official code until a province is
-- seeded (`python -m bot areas seed`), which adopts them by name. Villages and residential
-- groups have no national code: official_code stays NULL for them.
ALTER TABLE areas ADD COLUMN official_code TEXT;
ALTER TABLE areas ADD COLUMN kind TEXT
    CHECK (kind IS NULL OR kind IN ('tỉnh', 'thành phố', 'xã', 'phường', 'đặc khu'));
CREATE UNIQUE INDEX areas_official_code ON areas(official_code) WHERE official_code IS NOT NULL;

-- Other names an area is known by: a pre-2025 commune merged into it ('old', with the old
-- district and province it was in and its old code), or an alias typed in rosters ('alias').
-- An old commune split into several new ones has one row per new area: the same old_code on
-- several areas is how a split is recognised, and such a name is never matched silently.
-- folded is the match key: lower case, no diacritics, no kind prefix ("bao ha").
CREATE TABLE area_names (
    id         INTEGER PRIMARY KEY,
    area_id    INTEGER NOT NULL REFERENCES areas(id),
    name       TEXT NOT NULL,        -- as written: "Xã Bảo Hà"
    folded     TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('old', 'alias')),
    old_code   TEXT,                 -- the pre-2025 unit's code, for 'old'
    district   TEXT,                 -- the pre-2025 district it was in: "Huyện Bảo Yên"
    province   TEXT,                 -- the pre-2025 province it was in: "Tỉnh Lào Cai"
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX area_names_unique
    ON area_names(area_id, folded, kind, COALESCE(old_code, ''), COALESCE(district, ''));
CREATE INDEX area_names_folded ON area_names(folded);
