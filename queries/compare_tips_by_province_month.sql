-- Tips received per province and month of the chosen map over [$from, $to]: tips and valuable tips
-- (the cohort reading of tip_funnel.sql, by month of receipt), for every province (national figures
-- are their sums). The tips linked to a solved case are in compare_solved_tips_by_province_month.sql.
-- Parameters: $map ('2024' | '2025'), $from, $to (DATE).
-- Returns one row per province and month with tips: province_code, month (DATE, first day), tips,
--   valuable_tips.
WITH k AS (
    -- the ~13k commune keys of the map: a small hash table every tip row probes (cheaper here than
    -- grouping the tips by commune and month first, which leaves ~1M groups)
    SELECT admin_era, commune_code, map_province_code FROM placement WHERE map = $map
)
SELECT k.map_province_code AS province_code, CAST(date_trunc('month', t.received_on) AS DATE) AS month,
       count(*) AS tips, count(*) FILTER (WHERE t.valuable) AS valuable_tips
FROM tipoffs t
JOIN k ON k.admin_era = t.admin_era AND k.commune_code = t.commune_code
WHERE t.received_on BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
GROUP BY 1, 2
ORDER BY 1, 2
