-- Share of units meeting the "An toàn về ANTT" standard, by year: units assessed and passing in
-- the annual assessment (December rows of activities) of the area, for the years of [$from, $to].
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL or '' = whole country),
--   $from, $to (DATE).
-- Returns one row per year with an assessment: year, units_assessed, units_passed, share (0..1).
SELECT
    CAST(year(a.month) AS INTEGER)                       AS year,
    CAST(sum(safety_units_assessed) AS BIGINT)           AS units_assessed,
    CAST(sum(safety_units_passed) AS BIGINT)             AS units_passed,
    sum(safety_units_passed) / sum(safety_units_assessed) AS share
FROM activities a
JOIN commune_keys k USING (admin_era, commune_code)
WHERE a.month BETWEEN date_trunc('month', CAST($from AS DATE)) AND CAST($to AS DATE)
  AND ($province IS NULL OR $province = ''
       OR (CASE WHEN $map = '2025' THEN k.province_2025 ELSE k.province_2024 END) = $province)
GROUP BY 1
HAVING sum(safety_units_assessed) > 0
ORDER BY 1
