-- Estimated population of each commune of the chosen map (the snapshot's optional commune_population
-- table: the demo spreads each province's population over its communes; see docs/data-contract.md),
-- for tips per 100,000 residents by commune. Run it only when the snapshot has that table.
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = every commune).
-- Returns: area_code (commune code on that map), population, basis.
-- access: commune detail in area_code
SELECT cp.commune_code AS area_code, cp.population_est AS population, cp.basis
FROM commune_population cp
JOIN communes c ON c.map = cp.admin_era AND c.commune_code = cp.commune_code
WHERE cp.admin_era = $map
  AND ($province IS NULL OR c.province_code = $province)
ORDER BY area_code
