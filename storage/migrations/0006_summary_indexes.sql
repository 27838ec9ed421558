-- Summaries look targets up by area and period; the primary key starts with the indicator.
CREATE INDEX targets_area ON targets(area_id, period);
