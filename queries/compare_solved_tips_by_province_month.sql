-- Tips received per province and month of the chosen map over [$date_from, $date_to] that are linked to a case
-- solved by the data date (tip_funnel.sql's tips_with_solved_case, by month of receipt), for every
-- province. Kept apart from compare_tips_by_province_month.sql: only the share leading to a solved
-- case needs the join with cases.
-- Parameters: $map ('2024' | '2025'), $date_from, $date_to (DATE).
-- Returns one row per province and month with such tips: province_code, month (DATE, first day),
--   tips_with_solved_case.
-- Read from tip_days (antq/data/derived.py: tips per day and province of each map with whether their case is
-- solved; tips in communes absent from the maps are left out).
SELECT CASE WHEN $map = '2025' THEN p25 ELSE p24 END AS province_code,
       CAST(date_trunc('month', received_on) AS DATE) AS month,
       CAST(sum(tips) AS BIGINT) AS tips_with_solved_case
FROM tip_days
WHERE known AND solved AND received_on BETWEEN CAST($date_from AS DATE) AND CAST($date_to AS DATE)
GROUP BY 1, 2
ORDER BY 1, 2
