-- Conversion of the tips received in [$date_from, $date_to] per area of the chosen map: by province for the
-- whole country, by commune inside one province. For each area: tips received, valuable, linked to a case
-- solved by the data date (solved); and, on every row, the same three counts for the whole country
-- (the national rate the funnel plot's control limits are drawn around). Tips are aggregated per
-- recorded commune first, then placed on the map. Areas with no tips come back with NULL counts
-- (no data is not zero). population: the province's with its basis (provinces.population, or on the 2024
-- map the 2019 census where data/reference has no GSO 2023 figure); NULL for communes (see
-- tipoffs_commune_population.sql).
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country),
--   $date_from, $date_to (DATE).
-- Returns: area_code, area_name, parent_code, population, population_basis, tips, valuable, solved,
--   national_tips, national_valuable, national_solved.
-- Read from the derived tables of antq/data/derived.py (same answers as tipoffs joined with their solved
-- cases): provinces and the national counts from tip_days, the communes of one province from tip_facts.
-- access: commune detail in area_code
WITH per_area AS (
    SELECT CASE WHEN $map = '2025' THEN p25 ELSE p24 END AS area_code,
           sum(tips) AS tips, coalesce(sum(tips) FILTER (WHERE valuable), 0) AS valuable,
           coalesce(sum(tips) FILTER (WHERE solved), 0) AS solved
    FROM tip_days
    WHERE $province IS NULL AND known
      AND received_on BETWEEN CAST($date_from AS DATE) AND CAST($date_to AS DATE)
    GROUP BY 1
    UNION ALL
    SELECT p.map_commune_code, count(*), count(*) FILTER (WHERE t.valuable), count(t.days_to_solve)
    FROM tip_facts t
    JOIN placement p ON p.admin_era = t.admin_era AND p.commune_code = t.commune_code
                    AND p.map = $map AND p.map_province_code = $province
    WHERE t.received_on BETWEEN CAST($date_from AS DATE) AND CAST($date_to AS DATE)
      AND t.p25 IN (SELECT province_2025 FROM commune_keys  -- the province's rows only (tip_facts is in p25 order)
                    WHERE (CASE WHEN $map = '2025' THEN province_2025 ELSE province_2024 END) = $province)
    GROUP BY 1
), nation AS (
    SELECT sum(tips) AS national_tips, sum(tips) FILTER (WHERE valuable) AS national_valuable,
           sum(tips) FILTER (WHERE solved) AS national_solved
    FROM tip_days
    WHERE received_on BETWEEN CAST($date_from AS DATE) AND CAST($date_to AS DATE)
)
SELECT a.area_code, a.area_name, a.parent_code,
       CASE WHEN a.level = 'province' THEN pop.population END AS population,
       CASE WHEN a.level = 'province' THEN pop.population_basis END AS population_basis,
       CAST(x.tips AS BIGINT) AS tips, CAST(x.valuable AS BIGINT) AS valuable, CAST(x.solved AS BIGINT) AS solved,
       CAST(n.national_tips AS BIGINT) AS national_tips, CAST(n.national_valuable AS BIGINT) AS national_valuable,
       CAST(n.national_solved AS BIGINT) AS national_solved
FROM areas_of($map, $province) a
LEFT JOIN per_area x ON x.area_code = a.area_code
LEFT JOIN province_population pop ON a.level = 'province' AND pop.map = a.map AND pop.province_code = a.area_code
CROSS JOIN nation n
ORDER BY a.area_code
