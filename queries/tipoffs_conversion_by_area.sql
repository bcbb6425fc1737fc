-- Conversion of the tips received in [$from, $to] per area of the chosen map: by province for the
-- whole country, by commune inside one province. For each area: tips received, valuable, linked to a case
-- solved by the data date (solved); and, on every row, the same three counts for the whole country
-- (the national rate the funnel plot's control limits are drawn around). Tips are aggregated per
-- recorded commune first, then placed on the map. Areas with no tips come back with NULL counts
-- (no data is not zero). population: the province's with its basis (provinces.population, or on the 2024
-- map the 2019 census where data/reference has no GSO 2023 figure); NULL for communes (see
-- tipoffs_commune_population.sql).
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL or '' = whole country),
--   $from, $to (DATE).
-- Returns: area_code, area_name, parent_code, population, population_basis, tips, valuable, solved,
--   national_tips, national_valuable, national_solved.
WITH by_commune AS (
    SELECT t.admin_era, t.commune_code,
           count(*)                          AS tips,
           count(*) FILTER (WHERE t.valuable) AS valuable,
           count(s.case_id)                  AS solved
    FROM tipoffs t
    LEFT JOIN cases s ON s.case_id = t.case_id AND s.solved_on IS NOT NULL
    WHERE t.received_on BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
    GROUP BY ALL
), placed AS (
    SELECT CASE WHEN coalesce($province, '') = '' THEN p.map_province_code
                ELSE p.map_commune_code END AS area_code,
           p.map_province_code, b.tips, b.valuable, b.solved
    FROM by_commune b
    JOIN placement p ON p.admin_era = b.admin_era AND p.commune_code = b.commune_code AND p.map = $map
), per_area AS (
    SELECT area_code, sum(tips) AS tips, sum(valuable) AS valuable, sum(solved) AS solved
    FROM placed
    WHERE coalesce($province, '') = '' OR map_province_code = $province
    GROUP BY area_code
), pop AS (
    SELECT p.province_code,
           coalesce(p.population, CAST(r.population_2019_census AS BIGINT)) AS population,
           CASE WHEN p.population IS NOT NULL THEN p.population_basis
                WHEN r.population_2019_census IS NOT NULL
                THEN 'Tổng điều tra dân số 1/4/2019 (không có số TCTK 2023)' END AS population_basis
    FROM provinces p
    LEFT JOIN ref_provinces_2024 r ON p.map = '2024' AND r.province_code = p.province_code
    WHERE p.map = $map
), nation AS (
    SELECT sum(tips) AS national_tips, sum(valuable) AS national_valuable, sum(solved) AS national_solved
    FROM by_commune
)
SELECT a.area_code, a.area_name, a.parent_code,
       CASE WHEN a.level = 'province' THEN pop.population END AS population,
       CASE WHEN a.level = 'province' THEN pop.population_basis END AS population_basis,
       CAST(x.tips AS BIGINT) AS tips, CAST(x.valuable AS BIGINT) AS valuable, CAST(x.solved AS BIGINT) AS solved,
       CAST(n.national_tips AS BIGINT) AS national_tips, CAST(n.national_valuable AS BIGINT) AS national_valuable,
       CAST(n.national_solved AS BIGINT) AS national_solved
FROM areas a
LEFT JOIN per_area x ON x.area_code = a.area_code
LEFT JOIN pop ON a.level = 'province' AND pop.province_code = a.area_code
CROSS JOIN nation n
WHERE a.map = $map
  AND a.level = CASE WHEN coalesce($province, '') = '' THEN 'province' ELSE 'commune' END
  AND (coalesce($province, '') = '' OR a.parent_code = $province)
ORDER BY a.area_code
