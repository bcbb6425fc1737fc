-- Tips received per province and month of the chosen map over [$from, $to]: tips, valuable tips and
-- tips linked to a case solved by the data date (the cohort reading of tip_funnel.sql, by month of
-- receipt), for every province (national figures are their sums).
-- Parameters: $map ('2024' | '2025'), $from, $to (DATE).
-- Returns one row per province and month with tips: province_code, month (DATE, first day), tips,
--   valuable_tips, tips_with_solved_case.
WITH by_commune AS (
    SELECT admin_era, commune_code, date_trunc('month', received_on) AS month,
           count(*) AS tips, count(*) FILTER (WHERE valuable) AS valuable_tips
    FROM tipoffs
    WHERE received_on BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
    GROUP BY ALL
), solved_by_commune AS (
    SELECT t.admin_era, t.commune_code, date_trunc('month', t.received_on) AS month, count(*) AS tips_with_solved_case
    FROM tipoffs t
    JOIN cases c ON c.case_id = t.case_id
    WHERE t.received_on BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) AND c.solved_on IS NOT NULL
    GROUP BY ALL
)
SELECT p.map_province_code AS province_code, CAST(b.month AS DATE) AS month,
       CAST(sum(b.tips) AS BIGINT)                                 AS tips,
       CAST(sum(b.valuable_tips) AS BIGINT)                        AS valuable_tips,
       CAST(coalesce(sum(s.tips_with_solved_case), 0) AS BIGINT)   AS tips_with_solved_case
FROM by_commune b
LEFT JOIN solved_by_commune s USING (admin_era, commune_code, month)
JOIN placement p ON p.admin_era = b.admin_era AND p.commune_code = b.commune_code AND p.map = $map
GROUP BY 1, 2
ORDER BY 1, 2
