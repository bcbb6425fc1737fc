-- case_events and case_days an import at a time (antq/data/derived_parts.py). A partition is a scope cell of
-- _case_signed.sql (the country: 'all' or 'known'; a province of '2024' or '2025') and a day d1: its rows
-- hold the events of the cases with a valuable tip in that cell that day.
CREATE OR REPLACE TEMP MACRO part_of(scope, province, day) AS {'scope': scope, 'province': province, 'day': day};

-- the cells and days of the valuable tips of the cases touched, as they are now and as they were (a tip
-- removed was one of them)
CREATE OR REPLACE TEMP TABLE dirty AS
SELECT DISTINCT unnest(case_cells(k.commune_code IS NOT NULL, k.province_2024, k.province_2025, t.received_on)) AS part
FROM (SELECT admin_era, commune_code, received_on FROM tipoffs
      WHERE valuable AND case_id IN (SELECT case_id FROM touched_cases)
      UNION ALL
      SELECT admin_era, commune_code, received_on FROM changed_tipoffs
      WHERE valuable AND case_id IN (SELECT case_id FROM touched_cases)) t
LEFT JOIN commune_keys k ON k.admin_era = t.admin_era AND k.commune_code = t.commune_code;

-- every tip of the cases with a valuable tip in one of those partitions (a case's events follow from all its
-- days in a cell, and its days to solution from its first tip, valuable or not), and those cases
CREATE OR REPLACE TABLE feed.tipoffs AS
SELECT * FROM tipoffs
WHERE case_id IN (
    SELECT case_id FROM (
        SELECT t.case_id, unnest(case_cells(k.commune_code IS NOT NULL, k.province_2024, k.province_2025,
                                            t.received_on)) AS cell
        FROM tipoffs t
        LEFT JOIN commune_keys k ON k.admin_era = t.admin_era AND k.commune_code = t.commune_code
        WHERE t.valuable AND t.case_id IS NOT NULL AND t.received_on IN (SELECT part.day FROM dirty))
    WHERE cell IN (SELECT part FROM dirty));
CREATE OR REPLACE TABLE feed.cases AS
SELECT * FROM cases WHERE case_id IN (SELECT case_id FROM feed.tipoffs);

CREATE OR REPLACE TEMP VIEW kept AS
SELECT * FROM base_rows WHERE part_of(scope, province, d1) NOT IN (SELECT part FROM dirty);
CREATE OR REPLACE TEMP VIEW fresh AS
SELECT * FROM new_rows WHERE part_of(scope, province, d1) IN (SELECT part FROM dirty);
