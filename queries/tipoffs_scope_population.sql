-- Population of the selection, the denominator of tips per 100,000 residents: the province's, or the
-- sum over the provinces of the chosen map for the whole country, with the basis (source and year) of
-- each figure and how many provinces use it. The 2025 map mixes GSO 2023 and Resolution 202/2025
-- figures; on the 2024 map, the 20 provinces without a GSO 2023 figure in data/reference use the
-- 1 April 2019 census (ref_provinces_2024.population_2019_census), named as such.
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL or '' = whole country).
-- Returns one row per population basis: population_basis, provinces, population, scope_population
--   (the total over every basis), provinces_missing (provinces of the scope with no figure at all).
WITH scope AS (
    SELECT p.province_code,
           coalesce(p.population, CAST(r.population_2019_census AS BIGINT)) AS population,
           CASE WHEN p.population IS NOT NULL THEN p.population_basis
                WHEN r.population_2019_census IS NOT NULL
                THEN 'Tổng điều tra dân số 1/4/2019 (không có số TCTK 2023)' END AS population_basis
    FROM provinces p
    LEFT JOIN ref_provinces_2024 r ON p.map = '2024' AND r.province_code = p.province_code
    WHERE p.map = $map AND (coalesce($province, '') = '' OR p.province_code = $province)
)
SELECT population_basis, count(*) AS provinces, CAST(sum(population) AS BIGINT) AS population,
       CAST((SELECT sum(population) FROM scope) AS BIGINT) AS scope_population,
       (SELECT count(*) FROM scope WHERE population IS NULL) AS provinces_missing
FROM scope
WHERE population IS NOT NULL
GROUP BY population_basis
ORDER BY provinces DESC, population_basis
