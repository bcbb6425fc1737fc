-- activity_province_months and activity_commune_months an import at a time (antq/data/derived_parts.py). A
-- partition is a province of a map and a month: its rows sum the reports of that month of the communes placed
-- in that province. A report is placed on both maps, so it touches a partition on each.
CREATE OR REPLACE TEMP MACRO part_of(map, province, month) AS {'map': map, 'province': province, 'month': month};

CREATE OR REPLACE TEMP TABLE dirty AS
SELECT DISTINCT part_of(p.map, p.map_province_code, a.month) AS part
FROM changed_activities a
JOIN placement p ON p.admin_era = a.admin_era AND p.commune_code = a.commune_code;

-- the reports placed in those partitions on either map (each report once)
CREATE OR REPLACE TABLE feed.activities AS
SELECT * FROM activities a
WHERE EXISTS (SELECT 1 FROM placement p
              WHERE p.admin_era = a.admin_era AND p.commune_code = a.commune_code
                AND part_of(p.map, p.map_province_code, a.month) IN (SELECT part FROM dirty));

CREATE OR REPLACE TEMP VIEW kept AS
SELECT * FROM base_rows WHERE part_of(map, province_code, month) NOT IN (SELECT part FROM dirty);
CREATE OR REPLACE TEMP VIEW fresh AS
SELECT * FROM new_rows WHERE part_of(map, province_code, month) IN (SELECT part FROM dirty);
