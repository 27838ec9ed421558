-- Areas change with dates (issue 17): communes are merged, split and renamed. History is kept
-- in the tree itself: a merged commune becomes a retired child of its successor (its subtree
-- paths rewritten), so every subtree query (summaries, exports, the month roll-up, which is
-- keyed by area id) still counts the reports filed in it; a split commune stays where it was,
-- retired, so its parent's totals still hold its history. Report rows never change.
-- Dates are local days (YYYY-MM-DD): the first day of the new map.
ALTER TABLE areas ADD COLUMN valid_from TEXT;   -- the first day it exists; NULL: always did
ALTER TABLE areas ADD COLUMN retired_on TEXT;   -- the first day it no longer exists; NULL: live
CREATE INDEX areas_retired ON areas(retired_on) WHERE retired_on IS NOT NULL;

-- One change of the map: what it was, when it took effect, what moved with it (JSON).
CREATE TABLE area_changes (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'rename')),
    effective_on TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '{}',
    created_at   TEXT NOT NULL              -- UTC
);
CREATE INDEX area_changes_on ON area_changes(effective_on);

-- Predecessor → successor: a merge has one successor (which may be one of its predecessors:
-- that link is to itself), a split one predecessor (which may stay as one of its successors),
-- a rename links the area to itself.
CREATE TABLE area_change_links (
    change_id      INTEGER NOT NULL REFERENCES area_changes(id),
    predecessor_id INTEGER NOT NULL REFERENCES areas(id),
    successor_id   INTEGER NOT NULL REFERENCES areas(id),
    PRIMARY KEY (change_id, predecessor_id, successor_id)
) WITHOUT ROWID;
CREATE INDEX area_change_links_successor ON area_change_links(successor_id);
CREATE INDEX area_change_links_predecessor ON area_change_links(predecessor_id);

-- Old names: the name an area had up to and including `valid_until`.
CREATE TABLE area_name_history (
    area_id     INTEGER NOT NULL REFERENCES areas(id),
    valid_until TEXT NOT NULL,
    name        TEXT NOT NULL,
    change_id   INTEGER NOT NULL REFERENCES area_changes(id),
    PRIMARY KEY (area_id, valid_until)
) WITHOUT ROWID;

-- An area that changed parent with a change (a merged commune put under its successor, a
-- village following its commune): where it was before, for the map "as it was on DATE".
CREATE TABLE area_moves (
    change_id      INTEGER NOT NULL REFERENCES area_changes(id),
    area_id        INTEGER NOT NULL REFERENCES areas(id),
    from_parent_id INTEGER REFERENCES areas(id),
    to_parent_id   INTEGER NOT NULL REFERENCES areas(id),
    PRIMARY KEY (change_id, area_id)
) WITHOUT ROWID;

-- A team that went to another area with a change.
CREATE TABLE area_change_teams (
    change_id    INTEGER NOT NULL REFERENCES area_changes(id),
    team_id      INTEGER NOT NULL REFERENCES teams(id),
    from_area_id INTEGER NOT NULL REFERENCES areas(id),
    to_area_id   INTEGER NOT NULL REFERENCES areas(id),
    PRIMARY KEY (change_id, team_id)
) WITHOUT ROWID;
