-- Monthly activity reports per province of the chosen map over the months of [$from, $to] (a month
-- counts when its first day lies between the first day of $from's month and $to): communes
-- reporting, propaganda sessions and participants, and the units assessed and passing the
-- "An toàn về ANTT" standard (December rows), for every province. A province with no report in a
-- month has no row for it (no data is not zero).
-- Parameters: $map ('2024' | '2025'), $from, $to (DATE).
-- Returns one row per province and month reported: province_code, month (DATE), communes_reporting,
--   propaganda_sessions, propaganda_participants, safety_units_assessed, safety_units_passed.
SELECT p.map_province_code AS province_code, CAST(a.month AS DATE) AS month,
       count(DISTINCT p.map_commune_code)                AS communes_reporting,
       CAST(sum(a.propaganda_sessions) AS BIGINT)        AS propaganda_sessions,
       CAST(sum(a.propaganda_participants) AS BIGINT)    AS propaganda_participants,
       CAST(sum(a.safety_units_assessed) AS BIGINT)      AS safety_units_assessed,
       CAST(sum(a.safety_units_passed) AS BIGINT)        AS safety_units_passed
FROM activities a
JOIN placement p ON p.admin_era = a.admin_era AND p.commune_code = a.commune_code AND p.map = $map
WHERE a.month BETWEEN date_trunc('month', CAST($from AS DATE)) AND CAST($to AS DATE)
GROUP BY 1, 2
ORDER BY 1, 2
