-- Photos members send as evidence of their work. A photo is kept once per member (the
-- messenger's id of the picture itself: a resent photo or a replayed update finds it) and
-- belongs to the reports it was sent with. While a report is being written its photos wait
-- unattached (the dialog's draft holds their ids) until the report is sent.
CREATE TABLE evidence_photos (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    unique_ref  TEXT NOT NULL,          -- Telegram file_unique_id; on Zalo the image's id or URL
    file_ref    TEXT NOT NULL,          -- to fetch it again: Telegram file_id, "zalo:<url>"
    width       INTEGER,
    height      INTEGER,
    mime        TEXT,                   -- of content, sniffed from its bytes
    size        INTEGER,                -- bytes of content
    content     BLOB,                   -- NULL: over the size cap, or it could not be fetched
    received_at TEXT NOT NULL,          -- UTC
    UNIQUE (member_id, unique_ref)
);
CREATE INDEX evidence_photos_received ON evidence_photos(received_at);

CREATE TABLE report_evidence (
    report_id   INTEGER NOT NULL REFERENCES reports(id),
    photo_id    INTEGER NOT NULL REFERENCES evidence_photos(id) ON DELETE CASCADE,
    attached_at TEXT NOT NULL,
    PRIMARY KEY (report_id, photo_id)
) WITHOUT ROWID;
CREATE INDEX report_evidence_photo ON report_evidence(photo_id);

-- Photos may show residents: erasing a member (storage.members.erase) drops theirs with them.
CREATE TRIGGER evidence_of_erased_member AFTER UPDATE OF status ON members
WHEN NEW.status = 'erased' AND OLD.status <> 'erased'
BEGIN
    DELETE FROM report_evidence
     WHERE photo_id IN (SELECT id FROM evidence_photos WHERE member_id = NEW.id);
    DELETE FROM evidence_photos WHERE member_id = NEW.id;
END;
