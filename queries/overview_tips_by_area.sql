-- Tip-off cohort per area: for every area of the chosen map (each province for the whole country,
-- each commune inside one province), the tips received in [$from, $to], those found valuable and
-- those linked to a case solved by the data date.
-- Per-area variant of tip_funnel.sql: the sums over the areas equal its tips, valuable_tips and
-- tips_with_solved_case.
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL or '' = whole country, one
--   row per province; a code = one row per commune of that province), $from, $to (DATE).
-- Returns one row per area: area_code, area_name, tips, valuable_tips, tips_with_solved_case
--   (NULL where the area has no tip in the period).
WITH by_commune AS (
    -- aggregate the ~6M tips where they were received first, then place ~13k rows
    SELECT admin_era, commune_code, count(*) AS tips, count(*) FILTER (WHERE valuable) AS valuable_tips
    FROM tipoffs
    WHERE received_on BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
    GROUP BY admin_era, commune_code
), solved_by_commune AS (
    SELECT t.admin_era, t.commune_code, count(*) AS tips_with_solved_case
    FROM tipoffs t
    JOIN cases c ON c.case_id = t.case_id
    WHERE t.received_on BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) AND c.solved_on IS NOT NULL
    GROUP BY t.admin_era, t.commune_code
), by_commune_all AS (
    SELECT b.admin_era, b.commune_code, b.tips, b.valuable_tips, coalesce(s.tips_with_solved_case, 0) AS tips_with_solved_case
    FROM by_commune b
    LEFT JOIN solved_by_commune s USING (admin_era, commune_code)
), agg AS (
    SELECT CASE WHEN $province IS NULL OR $province = '' THEN p.map_province_code ELSE p.map_commune_code END AS area_code,
           CAST(sum(b.tips) AS BIGINT)                  AS tips,
           CAST(sum(b.valuable_tips) AS BIGINT)         AS valuable_tips,
           CAST(sum(b.tips_with_solved_case) AS BIGINT) AS tips_with_solved_case
    FROM by_commune_all b
    JOIN placement p ON p.admin_era = b.admin_era AND p.commune_code = b.commune_code AND p.map = $map
    WHERE $province IS NULL OR $province = '' OR p.map_province_code = $province
    GROUP BY 1
)
SELECT a.area_code, a.area_name, g.tips, g.valuable_tips, g.tips_with_solved_case
FROM areas a
LEFT JOIN agg g USING (area_code)
WHERE a.map = $map
  AND a.level = CASE WHEN $province IS NULL OR $province = '' THEN 'province' ELSE 'commune' END
  AND ($province IS NULL OR $province = '' OR a.parent_code = $province)
ORDER BY a.area_code
