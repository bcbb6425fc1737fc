-- Monthly activity reports per province of the chosen map over the months of [$date_from, $date_to] (a month
-- counts when its first day lies between the first day of $date_from's month and $date_to): communes
-- reporting, propaganda sessions and participants, and the units assessed and passing the
-- "An toàn về ANTT" standard (December rows), for every province. A province with no report in a
-- month has no row for it (no data is not zero).
-- Parameters: $map ('2024' | '2025'), $date_from, $date_to (DATE).
-- Returns one row per province and month reported: province_code, month (DATE), communes_reporting,
--   propaganda_sessions, propaganda_participants, safety_units_assessed, safety_units_passed.
-- Read from activity_province_months (antq/data/derived.py: the reports summed per map, province and month,
-- written with the snapshot; the same sums as placing every commune-month).
SELECT province_code, CAST(month AS DATE) AS month, communes_reporting, propaganda_sessions,
       propaganda_participants, safety_units_assessed, safety_units_passed
FROM activity_province_months
WHERE map = $map AND month BETWEEN date_trunc('month', CAST($date_from AS DATE)) AND CAST($date_to AS DATE)
ORDER BY 1, 2
