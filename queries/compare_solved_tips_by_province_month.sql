-- Tips received per province and month of the chosen map over [$from, $to] that are linked to a case
-- solved by the data date (tip_funnel.sql's tips_with_solved_case, by month of receipt), for every
-- province. Kept apart from compare_tips_by_province_month.sql: only the share leading to a solved
-- case needs the join with cases.
-- Parameters: $map ('2024' | '2025'), $from, $to (DATE).
-- Returns one row per province and month with such tips: province_code, month (DATE, first day),
--   tips_with_solved_case.
WITH k AS (
    SELECT admin_era, commune_code, map_province_code FROM placement WHERE map = $map
)
SELECT k.map_province_code AS province_code, CAST(date_trunc('month', t.received_on) AS DATE) AS month,
       count(*) AS tips_with_solved_case
FROM tipoffs t
JOIN k ON k.admin_era = t.admin_era AND k.commune_code = t.commune_code
JOIN cases c ON c.case_id = t.case_id
WHERE t.case_id IS NOT NULL AND c.solved_on IS NOT NULL
  AND t.received_on BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
GROUP BY 1, 2
ORDER BY 1, 2
