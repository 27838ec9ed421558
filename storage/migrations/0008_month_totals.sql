-- Per area and month, each indicator's sum over the live reports (not deleted) dated in that
-- month, so that totals over whole months (the year to date of a yearly target) read
-- months × areas rows instead of every report. Derived data: the triggers below keep it
-- exact in the very transaction that writes a report, whatever code writes it. A row exists
-- while at least one live value counts in it (`value_count`), just as the raw sum lists an
-- indicator only when a live report has it; a row whose count drops to zero is removed.
-- Only areas: a team's totals cover at most a month (a leader's summary), read raw.
CREATE TABLE area_month_totals (
    area_id     INTEGER NOT NULL,     -- reports.area_id
    month       TEXT NOT NULL,        -- YYYY-MM of reports.report_date
    indicator   TEXT NOT NULL,
    total       INTEGER NOT NULL,
    value_count INTEGER NOT NULL,
    PRIMARY KEY (area_id, month, indicator)
) WITHOUT ROWID;

INSERT INTO area_month_totals (area_id, month, indicator, total, value_count)
SELECT r.area_id, substr(r.report_date, 1, 7), v.indicator, sum(v.value), count(*)
FROM reports r JOIN report_values v ON v.report_id = r.id
WHERE r.deleted_at IS NULL
GROUP BY r.area_id, substr(r.report_date, 1, 7), v.indicator;

-- A value comes, goes or changes: add it to / take it from its report's month, if live.
-- (The WHERE of each INSERT ... SELECT also settles SQLite's parsing of ON CONFLICT.)
CREATE TRIGGER area_month_totals_value_added AFTER INSERT ON report_values BEGIN
    INSERT INTO area_month_totals (area_id, month, indicator, total, value_count)
    SELECT area_id, substr(report_date, 1, 7), NEW.indicator, NEW.value, 1
    FROM reports WHERE id = NEW.report_id AND deleted_at IS NULL
    ON CONFLICT (area_id, month, indicator)
    DO UPDATE SET total = total + excluded.total, value_count = value_count + 1;
END;

CREATE TRIGGER area_month_totals_value_removed AFTER DELETE ON report_values BEGIN
    UPDATE area_month_totals SET total = total - OLD.value, value_count = value_count - 1
    FROM reports r WHERE r.id = OLD.report_id AND r.deleted_at IS NULL
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
    AND area_month_totals.area_id = r.area_id
    AND area_month_totals.month = substr(r.report_date, 1, 7)
    AND area_month_totals.indicator = OLD.indicator;
    DELETE FROM area_month_totals WHERE value_count = 0 AND indicator = OLD.indicator
    AND area_id = (SELECT area_id FROM reports WHERE id = OLD.report_id)
    AND month = (SELECT substr(report_date, 1, 7) FROM reports WHERE id = OLD.report_id);
    INSERT INTO area_month_totals (area_id, month, indicator, total, value_count)
    SELECT area_id, substr(report_date, 1, 7), NEW.indicator, NEW.value, 1
    FROM reports WHERE id = NEW.report_id AND deleted_at IS NULL
    ON CONFLICT (area_id, month, indicator)
    DO UPDATE SET total = total + excluded.total, value_count = value_count + 1;
END;

-- A report is soft-deleted or restored, moved to another day or area (or, with foreign keys
-- off, renumbered): take its values out of where they counted, into where they count now.
-- The team is not part of the roll-up, so a change of team changes nothing here.
CREATE TRIGGER area_month_totals_report_changed
AFTER UPDATE OF id, area_id, report_date, deleted_at ON reports
WHEN (OLD.deleted_at IS NULL OR NEW.deleted_at IS NULL)
AND (OLD.id IS NOT NEW.id OR OLD.area_id IS NOT NEW.area_id
     OR OLD.report_date IS NOT NEW.report_date OR OLD.deleted_at IS NOT NEW.deleted_at)
BEGIN
    UPDATE area_month_totals SET total = total - v.value, value_count = value_count - 1
    FROM report_values v WHERE OLD.deleted_at IS NULL AND v.report_id = OLD.id
    AND area_month_totals.area_id = OLD.area_id
    AND area_month_totals.month = substr(OLD.report_date, 1, 7)
    AND area_month_totals.indicator = v.indicator;
    DELETE FROM area_month_totals WHERE value_count = 0
    AND area_id = OLD.area_id AND month = substr(OLD.report_date, 1, 7);
    INSERT INTO area_month_totals (area_id, month, indicator, total, value_count)
    SELECT NEW.area_id, substr(NEW.report_date, 1, 7), indicator, value, 1
    FROM report_values WHERE report_id = NEW.id AND NEW.deleted_at IS NULL
    ON CONFLICT (area_id, month, indicator)
    DO UPDATE SET total = total + excluded.total, value_count = value_count + 1;
END;

-- Values normally come after their report and go before it (foreign keys); these two keep
-- the roll-up exact when they do not.
CREATE TRIGGER area_month_totals_report_added AFTER INSERT ON reports
WHEN NEW.deleted_at IS NULL BEGIN
    INSERT INTO area_month_totals (area_id, month, indicator, total, value_count)
    SELECT NEW.area_id, substr(NEW.report_date, 1, 7), indicator, value, 1
    FROM report_values WHERE report_id = NEW.id
    ON CONFLICT (area_id, month, indicator)
    DO UPDATE SET total = total + excluded.total, value_count = value_count + 1;
END;

CREATE TRIGGER area_month_totals_report_removed AFTER DELETE ON reports
WHEN OLD.deleted_at IS NULL BEGIN
    UPDATE area_month_totals SET total = total - v.value, value_count = value_count - 1
    FROM report_values v WHERE v.report_id = OLD.id
    AND area_month_totals.area_id = OLD.area_id
    AND area_month_totals.month = substr(OLD.report_date, 1, 7)
    AND area_month_totals.indicator = v.indicator;
    DELETE FROM area_month_totals WHERE value_count = 0
    AND area_id = OLD.area_id AND month = substr(OLD.report_date, 1, 7);
END;
