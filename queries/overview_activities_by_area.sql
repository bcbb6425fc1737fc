-- Monthly activity reports per area: for every area of the chosen map (each province for the whole
-- country, each commune inside one province), the months of [$date_from, $date_to] it reported (a month counts
-- when its first day lies between the first day of $date_from's month and $date_to, as in
-- activities_totals.sql), its propaganda sessions and participants over them, and the units assessed
-- and passing the "An toàn về ANTT" standard in the annual assessment of year $safety_year (the
-- December row, as in safety_share_by_year.sql; it may lie outside the period).
-- Per-area variant of activities_totals.sql and safety_share_by_year.sql: the sums over the areas
-- equal their propaganda_sessions, propaganda_participants, units_assessed and units_passed.
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country, one
--   row per province; a code = one row per commune of that province), $date_from, $date_to (DATE),
--   $safety_year (INTEGER).
-- Returns one row per area: area_code, area_name, months_reported, propaganda_sessions,
--   propaganda_participants, safety_units_assessed, safety_units_passed (NULL where the area sent
--   no report: months_reported = 0 for the period, safety NULL without a December report).
-- Summed per area and month first, then per area: the months reported are counted without a DISTINCT
-- (the same answers, a quarter less work over the whole history). The whole
-- country's rows (one per province) come from activity_province_months, one province's communes from
-- activity_commune_months (antq/data/derived.py: the same sums per map, province or commune of that map and
-- month, written with the snapshot). Only one branch returns rows for a $province.
-- access: commune detail in area_code
WITH monthly AS (   -- one row per area and month
    SELECT province_code AS area_code, month, propaganda_sessions, propaganda_participants,
           safety_units_assessed, safety_units_passed
    FROM activity_province_months
    WHERE $province IS NULL AND map = $map
      AND (month BETWEEN date_trunc('month', CAST($date_from AS DATE)) AND CAST($date_to AS DATE)
           OR month = make_date(CAST($safety_year AS INTEGER), 12, 1))
    UNION ALL
    SELECT commune_code, month, propaganda_sessions, propaganda_participants,
           safety_units_assessed, safety_units_passed
    FROM activity_commune_months
    WHERE NOT $province IS NULL AND map = $map AND province_code = $province
      AND (month BETWEEN date_trunc('month', CAST($date_from AS DATE)) AND CAST($date_to AS DATE)
           OR month = make_date(CAST($safety_year AS INTEGER), 12, 1))
), agg AS (
    SELECT area_code,
           count(*) FILTER (WHERE month BETWEEN date_trunc('month', CAST($date_from AS DATE)) AND CAST($date_to AS DATE))
                                                                                  AS months_reported,
           CAST(sum(propaganda_sessions) FILTER (WHERE month BETWEEN date_trunc('month', CAST($date_from AS DATE))
                                                                 AND CAST($date_to AS DATE)) AS BIGINT)
                                                                                  AS propaganda_sessions,
           CAST(sum(propaganda_participants) FILTER (WHERE month BETWEEN date_trunc('month', CAST($date_from AS DATE))
                                                                     AND CAST($date_to AS DATE)) AS BIGINT)
                                                                                  AS propaganda_participants,
           CAST(sum(safety_units_assessed) FILTER (WHERE month = make_date(CAST($safety_year AS INTEGER), 12, 1))
                AS BIGINT)                                                        AS safety_units_assessed,
           CAST(sum(safety_units_passed) FILTER (WHERE month = make_date(CAST($safety_year AS INTEGER), 12, 1))
                AS BIGINT)                                                        AS safety_units_passed
    FROM monthly
    GROUP BY 1
)
SELECT a.area_code, a.area_name, coalesce(g.months_reported, 0) AS months_reported,
       g.propaganda_sessions, g.propaganda_participants, g.safety_units_assessed, g.safety_units_passed
FROM areas_of($map, $province) a
LEFT JOIN agg g USING (area_code)
ORDER BY a.area_code
