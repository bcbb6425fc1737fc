-- Population of every province of a map, the basis of the "per 1,000 residents" figures, with the
-- province's region (peer groups) and its commune count (the "per commune" basis).
-- The provinces view carries GSO 2023 average population; where the reference lacks it (20 old
-- provinces of the 2024 map) the 2019 census (TĐTDS 1/4/2019) is used, and the basis says so.
-- Parameters: $map ('2024' | '2025').
-- Returns one row per province: province_code, province_name, region, population, population_basis,
--   communes_total.
WITH n AS (
    SELECT province_code, count(*) AS communes_total FROM communes WHERE map = $map GROUP BY 1
)
SELECT p.province_code, p.province_name, p.region, pp.population, pp.population_basis, n.communes_total
FROM provinces p
JOIN province_population pp ON pp.map = p.map AND pp.province_code = p.province_code
LEFT JOIN n ON n.province_code = p.province_code
WHERE p.map = $map
ORDER BY p.province_code
