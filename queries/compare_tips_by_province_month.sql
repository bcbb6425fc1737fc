-- Tips received per province and month of the chosen map over [$date_from, $date_to]: tips and valuable tips
-- (the cohort reading of tip_funnel.sql, by month of receipt), for every province (national figures
-- are their sums). The tips linked to a solved case are in compare_solved_tips_by_province_month.sql.
-- Parameters: $map ('2024' | '2025'), $date_from, $date_to (DATE).
-- Returns one row per province and month with tips: province_code, month (DATE, first day), tips,
--   valuable_tips.
-- Read from tip_days (antq/data/derived.py: tips per day and province of each map, placed as placement places
-- them; tips in communes absent from the maps are left out).
SELECT CASE WHEN $map = '2025' THEN p25 ELSE p24 END AS province_code,
       CAST(date_trunc('month', received_on) AS DATE) AS month,
       CAST(sum(tips) AS BIGINT) AS tips, CAST(coalesce(sum(tips) FILTER (WHERE valuable), 0) AS BIGINT) AS valuable_tips
FROM tip_days
WHERE known AND received_on BETWEEN CAST($date_from AS DATE) AND CAST($date_to AS DATE)
GROUP BY 1, 2
ORDER BY 1, 2
