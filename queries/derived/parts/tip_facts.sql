-- tip_facts an import at a time (antq/data/derived_parts.py). A partition is a province of the 2025 map
-- (p25, NULL for communes off the maps) and a day: its rows are the tips of that province received that day.
CREATE OR REPLACE TEMP MACRO part_of(p25, day) AS {'p25': p25, 'day': day};

CREATE OR REPLACE TEMP TABLE dirty AS
SELECT DISTINCT part_of(p25, received_on) AS part FROM touched_tips;

-- the tips of those partitions (their cases are looked up by case_id, in the whole table)
CREATE OR REPLACE TABLE feed.tipoffs AS
SELECT t.* FROM tipoffs t
LEFT JOIN commune_keys k ON k.admin_era = t.admin_era AND k.commune_code = t.commune_code
WHERE t.received_on IN (SELECT part.day FROM dirty)
  AND part_of(k.province_2025, t.received_on) IN (SELECT part FROM dirty);

CREATE OR REPLACE TEMP VIEW kept AS
SELECT * FROM base_rows WHERE part_of(p25, received_on) NOT IN (SELECT part FROM dirty);
CREATE OR REPLACE TEMP VIEW fresh AS
SELECT * FROM new_rows WHERE part_of(p25, received_on) IN (SELECT part FROM dirty);
