-- Days from a tip's receipt to the solution of the case it is linked to, for the tips received in
-- [$from, $to] in the area whose case was solved by the data date: how many tips took each number of
-- days (negative = the case was solved before that tip arrived). Tip by tip, like the cohort windows
-- of tipoffs_cohorts.sql (tip_funnel.sql's median counts from each case's earliest tip instead).
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL or '' = whole country),
--   $from, $to (DATE).
-- Returns one row per number of days: days (INTEGER), tips.
SELECT s.solved_on - t.received_on AS days, count(*) AS tips
FROM tipoffs t
JOIN cases s ON s.case_id = t.case_id AND s.solved_on IS NOT NULL
WHERE t.received_on BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
  AND ($province IS NULL OR $province = ''
       OR (t.admin_era, t.commune_code) IN (SELECT admin_era, commune_code FROM placement
                                            WHERE map = $map AND map_province_code = $province))
GROUP BY days
ORDER BY days
