-- Review of reports (numbers a department can sign). A report is 'accepted' when nothing
-- about it asked for a review, 'pending' while a reviewer has it, 'returned' while its member
-- has it back with a reason, 'confirmed' once a reviewer said it is right. Only accepted and
-- confirmed reports count in totals; pending and returned ones are held and counted beside
-- them ("3 báo cáo chờ xác nhận"), never dropped.
ALTER TABLE reports ADD COLUMN review TEXT NOT NULL DEFAULT 'accepted'
    CHECK (review IN ('accepted', 'pending', 'returned', 'confirmed'));
ALTER TABLE reports ADD COLUMN flags TEXT;            -- JSON: why it was held, as checked
ALTER TABLE reports ADD COLUMN reviewer_id INTEGER;   -- members.id the review is with
ALTER TABLE reports ADD COLUMN review_since TEXT;     -- when it entered its review state
ALTER TABLE reports ADD COLUMN review_round INTEGER NOT NULL DEFAULT 0;  -- times sent to review
ALTER TABLE reports ADD COLUMN review_card INTEGER NOT NULL DEFAULT 0;   -- round whose card is queued
ALTER TABLE reports ADD COLUMN escalated_at TEXT;     -- escalated once, to a coordinator
CREATE INDEX reports_held ON reports(review, review_since) WHERE review IN ('pending', 'returned');

-- The month roll-up counts only what counts: live (not deleted) and accepted or confirmed.
-- The triggers of 0008 are replaced by the same ones with that condition.
DROP TRIGGER area_month_totals_value_added;
DROP TRIGGER area_month_totals_value_removed;
DROP TRIGGER area_month_totals_value_changed;
DROP TRIGGER area_month_totals_report_changed;
DROP TRIGGER area_month_totals_report_added;
DROP TRIGGER area_month_totals_report_removed;

CREATE TRIGGER area_month_totals_value_added AFTER INSERT ON report_values BEGIN
    INSERT INTO area_month_totals (area_id, month, indicator, total, value_count)
    SELECT area_id, substr(report_date, 1, 7), NEW.indicator, NEW.value, 1
    FROM reports WHERE id = NEW.report_id AND deleted_at IS NULL
    AND review IN ('accepted', 'confirmed')
    ON CONFLICT (area_id, month, indicator)
    DO UPDATE SET total = total + excluded.total, value_count = value_count + 1;
END;

CREATE TRIGGER area_month_totals_value_removed AFTER DELETE ON report_values BEGIN
    UPDATE area_month_totals SET total = total - OLD.value, value_count = value_count - 1
    FROM reports r WHERE r.id = OLD.report_id AND r.deleted_at IS NULL
    AND r.review IN ('accepted', 'confirmed')
    AND area_month_totals.area_id = r.area_id
    AND area_month_totals.month = substr(r.report_date, 1, 7)
    AND area_month_totals.indicator = OLD.indicator;
    DELETE FROM area_month_totals WHERE value_count = 0 AND indicator = OLD.indicator
    AND area_id = (SELECT area_id FROM reports WHERE id = OLD.report_id)
    AND month = (SELECT substr(report_date, 1, 7) FROM reports WHERE id = OLD.report_id);
END;

CREATE TRIGGER area_month_totals_value_changed
AFTER UPDATE OF report_id, indicator, value ON report_values BEGIN
    UPDATE area_month_totals SET total = total - OLD.value, value_count = value_count - 1
    FROM reports r WHERE r.id = OLD.report_id AND r.deleted_at IS NULL
    AND r.review IN ('accepted', 'confirmed')
    AND area_month_totals.area_id = r.area_id
    AND area_month_totals.month = substr(r.report_date, 1, 7)
    AND area_month_totals.indicator = OLD.indicator;
    DELETE FROM area_month_totals WHERE value_count = 0 AND indicator = OLD.indicator
    AND area_id = (SELECT area_id FROM reports WHERE id = OLD.report_id)
    AND month = (SELECT substr(report_date, 1, 7) FROM reports WHERE id = OLD.report_id);
    INSERT INTO area_month_totals (area_id, month, indicator, total, value_count)
    SELECT area_id, substr(report_date, 1, 7), NEW.indicator, NEW.value, 1
    FROM reports WHERE id = NEW.report_id AND deleted_at IS NULL
    AND review IN ('accepted', 'confirmed')
    ON CONFLICT (area_id, month, indicator)
    DO UPDATE SET total = total + excluded.total, value_count = value_count + 1;
END;

-- A report stops or starts counting (deleted, restored, held, confirmed), or moves to another
-- day or area (or, with foreign keys off, is renumbered): take its values out of where they
-- counted, into where they count now.
CREATE TRIGGER area_month_totals_report_changed
AFTER UPDATE OF id, area_id, report_date, deleted_at, review ON reports
WHEN (OLD.deleted_at IS NULL AND OLD.review IN ('accepted', 'confirmed')
      OR NEW.deleted_at IS NULL AND NEW.review IN ('accepted', 'confirmed'))
AND (OLD.id IS NOT NEW.id OR OLD.area_id IS NOT NEW.area_id
     OR OLD.report_date IS NOT NEW.report_date OR OLD.deleted_at IS NOT NEW.deleted_at
     OR (OLD.review IN ('accepted', 'confirmed')) IS NOT (NEW.review IN ('accepted', 'confirmed')))
BEGIN
    UPDATE area_month_totals SET total = total - v.value, value_count = value_count - 1
    FROM report_values v WHERE OLD.deleted_at IS NULL AND OLD.review IN ('accepted', 'confirmed')
    AND v.report_id = OLD.id
    AND area_month_totals.area_id = OLD.area_id
    AND area_month_totals.month = substr(OLD.report_date, 1, 7)
    AND area_month_totals.indicator = v.indicator;
    DELETE FROM area_month_totals WHERE value_count = 0
    AND area_id = OLD.area_id AND month = substr(OLD.report_date, 1, 7);
    INSERT INTO area_month_totals (area_id, month, indicator, total, value_count)
    SELECT NEW.area_id, substr(NEW.report_date, 1, 7), indicator, value, 1
    FROM report_values WHERE report_id = NEW.id AND NEW.deleted_at IS NULL
    AND NEW.review IN ('accepted', 'confirmed')
    ON CONFLICT (area_id, month, indicator)
    DO UPDATE SET total = total + excluded.total, value_count = value_count + 1;
END;

CREATE TRIGGER area_month_totals_report_added AFTER INSERT ON reports
WHEN NEW.deleted_at IS NULL AND NEW.review IN ('accepted', 'confirmed') BEGIN
    INSERT INTO area_month_totals (area_id, month, indicator, total, value_count)
    SELECT NEW.area_id, substr(NEW.report_date, 1, 7), indicator, value, 1
    FROM report_values WHERE report_id = NEW.id
    ON CONFLICT (area_id, month, indicator)
    DO UPDATE SET total = total + excluded.total, value_count = value_count + 1;
END;

CREATE TRIGGER area_month_totals_report_removed AFTER DELETE ON reports
WHEN OLD.deleted_at IS NULL AND OLD.review IN ('accepted', 'confirmed') BEGIN
    UPDATE area_month_totals SET total = total - v.value, value_count = value_count - 1
    FROM report_values v WHERE v.report_id = OLD.id
    AND area_month_totals.area_id = OLD.area_id
    AND area_month_totals.month = substr(OLD.report_date, 1, 7)
    AND area_month_totals.indicator = v.indicator;
    DELETE FROM area_month_totals WHERE value_count = 0
    AND area_id = OLD.area_id AND month = substr(OLD.report_date, 1, 7);
END;

-- A report's history (who, when, before, after, why) is its audit entries: found by report.
CREATE INDEX audit_log_report ON audit_log(json_extract(detail, '$.report'));
