-- The boundary layers' attribute columns, one table per layer file of data/geo. They are small (tens of
-- thousands of rows) and joined by nearly every query, so each connection holds them in memory instead of
-- reading the parquet files again; the geometry columns stay in the files, for the maps.
-- {{<name>}}: the quoted path of the layer file (antq/data/schema.py; DDL takes no bound parameters).
CREATE TABLE communes_2024 AS SELECT COLUMNS(lambda c: NOT starts_with(c, 'geometry')) FROM read_parquet({{communes_2024}});
CREATE TABLE communes_2025 AS SELECT COLUMNS(lambda c: NOT starts_with(c, 'geometry')) FROM read_parquet({{communes_2025}});
CREATE TABLE provinces_2024 AS SELECT COLUMNS(lambda c: NOT starts_with(c, 'geometry')) FROM read_parquet({{provinces_2024}});
CREATE TABLE provinces_2025 AS SELECT COLUMNS(lambda c: NOT starts_with(c, 'geometry')) FROM read_parquet({{provinces_2025}});
CREATE TABLE crosswalk AS SELECT COLUMNS(lambda c: NOT starts_with(c, 'geometry')) FROM read_parquet({{crosswalk}});
CREATE TABLE adjacency_2024 AS SELECT COLUMNS(lambda c: NOT starts_with(c, 'geometry')) FROM read_parquet({{adjacency_2024}});
CREATE TABLE adjacency_2025 AS SELECT COLUMNS(lambda c: NOT starts_with(c, 'geometry')) FROM read_parquet({{adjacency_2025}});
