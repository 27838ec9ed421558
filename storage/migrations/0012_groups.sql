-- Group chats the bot posts in (issue 14, item 5): a Zalo commune's or team's group, linked to
-- an area by a coordinator or to a team by its leader with a one-time code typed in the group.
-- A Zalo group's chat id comes from zalo_users like a user's (ZALO_ID_BASE + n, its Zalo id in
-- zalo_id), so the transport reaches it the way it reaches a member.
CREATE TABLE group_links (
    chat_id   INTEGER PRIMARY KEY,                 -- the group's chat
    area_id   INTEGER REFERENCES areas(id),        -- a coordinator's area, or
    team_id   INTEGER REFERENCES teams(id),        -- a leader's team: exactly one of the two
    linked_by INTEGER NOT NULL REFERENCES members(id),
    linked_at TEXT NOT NULL,                       -- UTC
    CHECK ((area_id IS NULL) <> (team_id IS NULL))
);

-- One-time codes that link a group; one live code per member, used up when typed.
CREATE TABLE group_codes (
    code       TEXT PRIMARY KEY,
    member_id  INTEGER NOT NULL UNIQUE REFERENCES members(id),
    area_id    INTEGER REFERENCES areas(id),
    team_id    INTEGER REFERENCES teams(id),
    expires_at TEXT NOT NULL,                      -- UTC
    CHECK ((area_id IS NULL) <> (team_id IS NULL))
);

-- A member's consent to be named in a group's reminder ("not reported yet: ..."). Off until
-- the member turns it on (/groupname); never implied.
ALTER TABLE members ADD COLUMN named_in_groups INTEGER NOT NULL DEFAULT 0;
