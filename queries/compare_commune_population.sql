-- Estimated population of every commune of one province on a map (table commune_population,
-- optional in the data contract: the demo snapshot estimates it, see docs/data-contract.md), the
-- basis of the "per 1,000 residents" figures inside a province. A new commune sums its parts.
-- Parameters: $map ('2024' | '2025'), $province (code on that map).
-- Returns one row per commune of the province: area_code, population, population_basis
--   (NULL population where the table has no estimate).
-- access: commune detail in area_code
WITH est AS (
    SELECT p.map_commune_code AS area_code, sum(cp.population_est) AS population, any_value(cp.basis) AS basis
    FROM commune_population cp
    JOIN placement p ON p.admin_era = cp.admin_era AND p.commune_code = cp.commune_code AND p.map = $map
    WHERE cp.admin_era = $map AND p.map_province_code = $province
    GROUP BY 1
)
SELECT c.commune_code AS area_code, CAST(e.population AS BIGINT) AS population, e.basis AS population_basis
FROM communes c
LEFT JOIN est e ON e.area_code = c.commune_code
WHERE c.map = $map AND c.province_code = $province
ORDER BY c.commune_code
