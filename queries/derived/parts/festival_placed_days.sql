-- festival_placed_days an import at a time (antq/data/derived_parts.py). A partition is a province of a map
-- and a day: its rows sum the festival sites held that day in the communes placed in that province. A site
-- is placed on both maps, so it touches a partition on each (Bình Dương's, 74 on the 2024 map, and
-- Hồ Chí Minh's, 79 on the 2025 map, for a site of Bình Dương).
CREATE OR REPLACE TEMP MACRO part_of(map, province, day) AS {'map': map, 'province': province, 'day': day};

CREATE OR REPLACE TEMP TABLE dirty AS
SELECT DISTINCT part_of(p.map, p.map_province_code, f.held_on) AS part
FROM changed_festival_sites f
JOIN placement p ON p.admin_era = f.admin_era AND p.commune_code = f.commune_code;

-- the sites placed in those partitions on either map (each site once)
CREATE OR REPLACE TABLE feed.festival_sites AS
SELECT * FROM festival_sites f
WHERE EXISTS (SELECT 1 FROM placement p
              WHERE p.admin_era = f.admin_era AND p.commune_code = f.commune_code
                AND part_of(p.map, p.map_province_code, f.held_on) IN (SELECT part FROM dirty));

CREATE OR REPLACE TEMP VIEW kept AS
SELECT * FROM base_rows WHERE part_of(map, province_code, held_on) NOT IN (SELECT part FROM dirty);
CREATE OR REPLACE TEMP VIEW fresh AS
SELECT * FROM new_rows WHERE part_of(map, province_code, held_on) IN (SELECT part FROM dirty);
