-- Tip-off cohort per area: for every area of the chosen map (each province for the whole country,
-- each commune inside one province), the tips received in [$date_from, $date_to], those found valuable and
-- those linked to a case solved by the data date.
-- Per-area variant of tip_funnel.sql: the sums over the areas equal its tips, valuable_tips and
-- tips_with_solved_case.
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country, one
--   row per province; a code = one row per commune of that province), $date_from, $date_to (DATE).
-- Returns one row per area: area_code, area_name, tips, valuable_tips, tips_with_solved_case
--   (NULL where the area has no tip in the period).
-- Read from the derived tables of antq/data/derived.py (same answers as tipoffs joined with cases): provinces
-- from tip_days (tips per day and province of each map), the communes of one province from tip_facts
-- (one row per tip, in commune order: a province reads only its own rows).
-- access: commune detail in area_code
WITH agg AS (
    SELECT CASE WHEN $map = '2025' THEN p25 ELSE p24 END AS area_code,
           CAST(sum(tips) AS BIGINT)                                  AS tips,
           CAST(coalesce(sum(tips) FILTER (WHERE valuable), 0) AS BIGINT) AS valuable_tips,
           CAST(coalesce(sum(tips) FILTER (WHERE solved), 0) AS BIGINT)   AS tips_with_solved_case
    FROM tip_days
    WHERE $province IS NULL AND known
      AND received_on BETWEEN CAST($date_from AS DATE) AND CAST($date_to AS DATE)
    GROUP BY 1
    UNION ALL
    SELECT p.map_commune_code,
           CAST(count(*) AS BIGINT),
           CAST(count(*) FILTER (WHERE t.valuable) AS BIGINT),
           CAST(count(t.days_to_solve) AS BIGINT)
    FROM tip_facts t
    JOIN placement p ON p.admin_era = t.admin_era AND p.commune_code = t.commune_code
                    AND p.map = $map AND p.map_province_code = $province
    WHERE t.received_on BETWEEN CAST($date_from AS DATE) AND CAST($date_to AS DATE)
      AND t.p25 IN (SELECT province_2025 FROM commune_keys  -- the province's rows only (tip_facts is in p25 order)
                    WHERE (CASE WHEN $map = '2025' THEN province_2025 ELSE province_2024 END) = $province)
    GROUP BY 1
)
SELECT a.area_code, a.area_name, g.tips, g.valuable_tips, g.tips_with_solved_case
FROM areas_of($map, $province) a
LEFT JOIN agg g USING (area_code)
ORDER BY a.area_code
