-- tip_cohort_province_days an import at a time (antq/data/derived_parts.py). A partition is a province pair
-- (p24, p25) and a day: its rows count the tips of the communes placed in that pair received that day.
CREATE OR REPLACE TEMP MACRO part_of(p24, p25, day) AS {'p24': p24, 'p25': p25, 'day': day};

CREATE OR REPLACE TEMP TABLE dirty AS
SELECT DISTINCT part_of(p24, p25, received_on) AS part FROM touched_tips WHERE known;

-- the tips of those partitions (their cases are looked up by case_id, in the whole table)
CREATE OR REPLACE TABLE feed.tipoffs AS
SELECT t.* FROM tipoffs t
JOIN commune_keys k ON k.admin_era = t.admin_era AND k.commune_code = t.commune_code
WHERE t.received_on IN (SELECT part.day FROM dirty)
  AND part_of(k.province_2024, k.province_2025, t.received_on) IN (SELECT part FROM dirty);

CREATE OR REPLACE TEMP VIEW kept AS
SELECT * FROM base_rows WHERE part_of(p24, p25, received_on) NOT IN (SELECT part FROM dirty);
CREATE OR REPLACE TEMP VIEW fresh AS
SELECT * FROM new_rows WHERE part_of(p24, p25, received_on) IN (SELECT part FROM dirty);
