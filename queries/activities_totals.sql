-- Activity totals of the area over the months of [$date_from, $date_to] (a month counts when its first day
-- lies between the first day of $date_from's month and $date_to): propaganda sessions and participants,
-- families and pupils signing commitments, commendations, units assessed and passing the
-- "An toàn về ANTT" standard.
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country),
--   $date_from, $date_to (DATE).
-- Returns one row: months, propaganda_sessions, propaganda_participants, families_committed,
--   students_committed, commendations_collective, commendations_individual,
--   safety_units_assessed, safety_units_passed.
-- Read from activity_province_months (antq/data/derived.py: the reports summed per map, province and month,
-- written with the snapshot; the same sums as the reports themselves): every
-- commune sits on both maps, so the whole country is every row of one map.
SELECT
    count(DISTINCT month)                                    AS months,
    CAST(coalesce(sum(propaganda_sessions), 0) AS BIGINT)      AS propaganda_sessions,
    CAST(coalesce(sum(propaganda_participants), 0) AS BIGINT)  AS propaganda_participants,
    CAST(coalesce(sum(families_committed), 0) AS BIGINT)       AS families_committed,
    CAST(coalesce(sum(students_committed), 0) AS BIGINT)       AS students_committed,
    CAST(coalesce(sum(commendations_collective), 0) AS BIGINT) AS commendations_collective,
    CAST(coalesce(sum(commendations_individual), 0) AS BIGINT) AS commendations_individual,
    CAST(coalesce(sum(safety_units_assessed), 0) AS BIGINT)    AS safety_units_assessed,
    CAST(coalesce(sum(safety_units_passed), 0) AS BIGINT)      AS safety_units_passed
FROM activity_province_months
WHERE map = CASE WHEN $map = '2025' THEN '2025' ELSE '2024' END
  AND month BETWEEN date_trunc('month', CAST($date_from AS DATE)) AND CAST($date_to AS DATE)
  AND ($province IS NULL OR province_code = $province)
