-- Population of every province of a map, the basis of the "per 1,000 residents" figures, with the
-- province's region (peer groups) and its commune count (the "per commune" basis).
-- The provinces view carries GSO 2023 average population; where the reference lacks it (20 old
-- provinces of the 2024 map) the 2019 census (TĐTDS 1/4/2019) is used, and the basis says so.
-- Parameters: $map ('2024' | '2025').
-- Returns one row per province: province_code, province_name, region, population, population_basis,
--   communes_total.
WITH census AS (
    SELECT province_code, CAST(population_2019_census AS BIGINT) AS population_2019
    FROM ref_provinces_2024
), n AS (
    SELECT province_code, count(*) AS communes_total FROM communes WHERE map = $map GROUP BY 1
)
SELECT p.province_code, p.province_name, p.region,
       coalesce(p.population, CASE WHEN $map = '2024' THEN c.population_2019 END) AS population,
       CASE WHEN p.population IS NOT NULL THEN p.population_basis
            WHEN $map = '2024' AND c.population_2019 IS NOT NULL THEN 'TĐTDS 1/4/2019 (census 2019)'
       END AS population_basis,
       n.communes_total
FROM provinces p
LEFT JOIN census c ON c.province_code = p.province_code
LEFT JOIN n ON n.province_code = p.province_code
WHERE p.map = $map
ORDER BY p.province_code
