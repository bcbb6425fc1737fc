-- Monthly activity reports per province of the chosen map over the months of [$from, $to] (a month
-- counts when its first day lies between the first day of $from's month and $to): communes
-- reporting, propaganda sessions and participants, and the units assessed and passing the
-- "An toàn về ANTT" standard (December rows), for every province. A province with no report in a
-- month has no row for it (no data is not zero).
-- Parameters: $map ('2024' | '2025'), $from, $to (DATE).
-- Returns one row per province and month reported: province_code, month (DATE), communes_reporting,
--   propaganda_sessions, propaganda_participants, safety_units_assessed, safety_units_passed.
-- Read from activity_province_months (antq/db.py: the reports summed per map, province and month,
-- written with the snapshot; the same sums as placing every commune-month, issue 10 round 4).
SELECT province_code, CAST(month AS DATE) AS month, communes_reporting, propaganda_sessions,
       propaganda_participants, safety_units_assessed, safety_units_passed
FROM activity_province_months
WHERE map = $map AND month BETWEEN date_trunc('month', CAST($from AS DATE)) AND CAST($to AS DATE)
ORDER BY 1, 2
