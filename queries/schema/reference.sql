-- The reference files of data/reference that the areas are built from (population, area, region of the
-- provinces of each map), read as text: small and read by nearly every query, so held in memory once per
-- connection rather than parsed again per query.
-- {{<name>}}: the quoted path of the file (antq/data/schema.py; DDL takes no bound parameters).
CREATE TABLE ref_provinces_2024 AS SELECT * FROM read_csv({{ref_provinces_2024}}, header=true, all_varchar=true);
CREATE TABLE ref_provinces_2025 AS SELECT * FROM read_csv({{ref_provinces_2025}}, header=true, all_varchar=true);
CREATE TABLE ref_regions AS SELECT * FROM read_csv({{ref_regions}}, header=true, all_varchar=true);
