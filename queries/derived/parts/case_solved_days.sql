-- case_solved_days an import at a time (antq/data/derived_parts.py). A partition is the province pair of a
-- case's commune (known = on the maps) and a day solved: its rows count the cases of the communes placed in
-- that pair solved that day that a tip names.
CREATE OR REPLACE TEMP MACRO part_of(known, p24, p25, day) AS {'known': known, 'p24': p24, 'p25': p25, 'day': day};

-- the touched cases as they are now and as they were (a case removed was one of them)
CREATE OR REPLACE TEMP TABLE dirty AS
SELECT DISTINCT part_of(k.commune_code IS NOT NULL, k.province_2024, k.province_2025, c.solved_on) AS part
FROM (SELECT admin_era, commune_code, solved_on FROM cases WHERE case_id IN (SELECT case_id FROM touched_cases)
      UNION ALL
      SELECT admin_era, commune_code, solved_on FROM changed_cases) c
LEFT JOIN commune_keys k ON k.admin_era = c.admin_era AND k.commune_code = c.commune_code
WHERE c.solved_on IS NOT NULL;

-- the cases of those partitions (whether a tip names them is looked up in the whole tipoffs table)
CREATE OR REPLACE TABLE feed.cases AS
SELECT c.* FROM cases c
LEFT JOIN commune_keys k ON k.admin_era = c.admin_era AND k.commune_code = c.commune_code
WHERE part_of(k.commune_code IS NOT NULL, k.province_2024, k.province_2025, c.solved_on) IN (SELECT part FROM dirty);

CREATE OR REPLACE TEMP VIEW kept AS
SELECT * FROM base_rows WHERE part_of(known, p24, p25, solved_on) NOT IN (SELECT part FROM dirty);
CREATE OR REPLACE TEMP VIEW fresh AS
SELECT * FROM new_rows WHERE part_of(known, p24, p25, solved_on) IN (SELECT part FROM dirty);
