-- What an import touched among the tips and cases, read by the partitions of the tip and case tables
-- (antq/data/derived_parts.py). changed_tipoffs, changed_cases: the rows the import added and the rows it
-- removed (a corrected report's earlier rows); tipoffs, cases: the new snapshot's tables.

-- touched_tips: the tips whose own rows in the tip tables change, with their province pair and day: the
-- tips added or removed, and the tips naming a case added or removed (their row says whether it is solved).
CREATE OR REPLACE TEMP TABLE touched_tips AS
WITH t AS (
    SELECT admin_era, commune_code, received_on FROM changed_tipoffs
    UNION ALL
    SELECT admin_era, commune_code, received_on FROM tipoffs WHERE case_id IN (SELECT case_id FROM changed_cases)
)
SELECT DISTINCT k.commune_code IS NOT NULL AS known, k.province_2024 AS p24, k.province_2025 AS p25, t.received_on
FROM t LEFT JOIN commune_keys k ON k.admin_era = t.admin_era AND k.commune_code = t.commune_code;

-- touched_cases: the cases whose events change: added or removed, or named by a tip added or removed (its
-- days, and the first of them, are the case's)
CREATE OR REPLACE TEMP TABLE touched_cases AS
SELECT case_id FROM changed_cases
UNION
SELECT case_id FROM changed_tipoffs WHERE case_id IS NOT NULL;

-- The scope cells of _case_signed.sql a valuable tip of a case puts an event in on its day d: the country
-- ('all'; 'known' when its commune is on the maps) and its province on each map.
CREATE OR REPLACE TEMP MACRO case_cells(known, p24, p25, d) AS
    CASE WHEN known
         THEN [{'scope': 'all', 'province': NULL::VARCHAR, 'day': d}, {'scope': 'known', 'province': NULL::VARCHAR, 'day': d},
               {'scope': '2024', 'province': p24, 'day': d}, {'scope': '2025', 'province': p25, 'day': d}]
         ELSE [{'scope': 'all', 'province': NULL::VARCHAR, 'day': d}] END;
