-- Share of units meeting the "An toàn về ANTT" standard, by year: units assessed and passing in
-- the annual assessment (December rows of activities) of the area, for the years of [$date_from, $date_to].
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country),
--   $date_from, $date_to (DATE).
-- Returns one row per year with an assessment: year, units_assessed, units_passed, share (0..1).
-- Read from activity_province_months (antq/data/derived.py; as activities_totals.sql).
SELECT
    CAST(year(month) AS INTEGER)                         AS year,
    CAST(sum(safety_units_assessed) AS BIGINT)           AS units_assessed,
    CAST(sum(safety_units_passed) AS BIGINT)             AS units_passed,
    sum(safety_units_passed) / sum(safety_units_assessed) AS share
FROM activity_province_months
WHERE map = CASE WHEN $map = '2025' THEN '2025' ELSE '2024' END
  AND month BETWEEN date_trunc('month', CAST($date_from AS DATE)) AND CAST($date_to AS DATE)
  AND ($province IS NULL OR province_code = $province)
GROUP BY 1
HAVING sum(safety_units_assessed) > 0
ORDER BY 1
