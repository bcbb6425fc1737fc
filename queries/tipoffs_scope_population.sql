-- Population of the selection, the denominator of tips per 100,000 residents: the province's, or the
-- sum over the provinces of the chosen map for the whole country, with the basis (source and year) of
-- each figure and how many provinces use it. The 2025 map mixes GSO 2023 and Resolution 202/2025
-- figures; on the 2024 map, the 20 provinces without a GSO 2023 figure in data/reference use the
-- 1 April 2019 census (ref_provinces_2024.population_2019_census), named as such.
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country).
-- Returns one row per population basis: population_basis, provinces, population, scope_population
--   (the total over every basis), provinces_missing (provinces of the scope with no figure at all).
WITH scope AS (
    SELECT province_code, population, population_basis
    FROM province_population
    WHERE map = $map AND ($province IS NULL OR province_code = $province)
)
SELECT population_basis, count(*) AS provinces, CAST(sum(population) AS BIGINT) AS population,
       CAST((SELECT sum(population) FROM scope) AS BIGINT) AS scope_population,
       (SELECT count(*) FROM scope WHERE population IS NULL) AS provinces_missing
FROM scope
WHERE population IS NOT NULL
GROUP BY population_basis
ORDER BY provinces DESC, population_basis
