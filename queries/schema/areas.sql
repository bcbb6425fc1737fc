-- The areas of both administrative maps and how a commune as recorded is placed on each of them, built
-- from the boundary layers and the reference files (boundaries.sql, reference.sql). What the page queries
-- join is listed in antq/data/schema.py.

CREATE VIEW communes AS
  SELECT '2024' AS map, commune_code, commune_name, commune_type, province_code, province_name, area_km2
  FROM communes_2024
  UNION ALL
  SELECT '2025', commune_code, commune_name, commune_type, province_code, province_name, area_km2
  FROM communes_2025;

CREATE TABLE provinces AS
  SELECT '2024' AS map, g.province_code, g.province_name, r.region,
         -- the reference lacks the GSO 2023 figure for 20 southern provinces: use the
         -- 2019 census there, and say so row by row
         CAST(coalesce(nullif(p.population_2023_gso_avg, ''), p.population_2019_census) AS BIGINT) AS population,
         CASE WHEN coalesce(p.population_2023_gso_avg, '') <> '' THEN 'GSO 2023 (dân số trung bình)'
              ELSE 'Tổng điều tra dân số 1/4/2019 (không có số TCTK 2023)' END AS population_basis,
         CAST(p.area_km2 AS DOUBLE) AS area_km2
  FROM provinces_2024 g
  LEFT JOIN ref_provinces_2024 p ON p.province_code = g.province_code
  LEFT JOIN ref_regions r ON r.map = '2024' AND r.province_code = g.province_code
  UNION ALL
  SELECT '2025', g.province_code, g.province_name, r.region,
         CAST(p.population AS BIGINT), p.population_basis, CAST(p.area_km2 AS DOUBLE)
  FROM provinces_2025 g
  LEFT JOIN ref_provinces_2025 p ON p.province_code = g.province_code
  LEFT JOIN ref_regions r ON r.map = '2025' AND r.province_code = g.province_code;

-- A province's population with the basis of its figure, for the per-resident rates: the population of
-- `provinces` (which already falls back to the 2019 census), and no basis where there is no figure.
CREATE VIEW province_population AS
  SELECT map, province_code, population,
         CASE WHEN population IS NOT NULL THEN population_basis END AS population_basis
  FROM provinces;

CREATE TABLE commune_keys AS
  WITH fwd AS (
    SELECT commune_code_2024, commune_code_2025 FROM crosswalk WHERE is_primary
  ), back AS (
    -- the old commune that gave a new one the largest area
    SELECT x.commune_code_2025,
           arg_max(x.commune_code_2024, x.weight * coalesce(c.area_km2, 0)) AS commune_code_2024
    FROM crosswalk x LEFT JOIN communes_2024 c ON c.commune_code = x.commune_code_2024
    GROUP BY x.commune_code_2025
  )
  SELECT '2024' AS admin_era, o.commune_code, o.commune_code AS code_2024,
         o.province_code AS province_2024, n.commune_code AS code_2025, n.province_code AS province_2025
  FROM communes_2024 o
  LEFT JOIN fwd ON fwd.commune_code_2024 = o.commune_code
  LEFT JOIN communes_2025 n ON n.commune_code = fwd.commune_code_2025
  UNION ALL
  SELECT '2025', n.commune_code, o.commune_code, o.province_code, n.commune_code, n.province_code
  FROM communes_2025 n
  LEFT JOIN back ON back.commune_code_2025 = n.commune_code
  LEFT JOIN communes_2024 o ON o.commune_code = back.commune_code_2024;

CREATE VIEW neighbours AS
  SELECT '2024' AS map, commune_code, neighbour_code FROM adjacency_2024
  UNION ALL
  SELECT '2025', commune_code, neighbour_code FROM adjacency_2025;

CREATE TABLE areas AS
  SELECT map, 'province' AS level, province_code AS area_code, province_name AS area_name,
         NULL::VARCHAR AS parent_code, population, area_km2
  FROM provinces
  UNION ALL
  SELECT map, 'commune', commune_code, commune_name, province_code, NULL::BIGINT, area_km2
  FROM communes;

CREATE TABLE placement AS
  SELECT admin_era, commune_code, '2024' AS map, code_2024 AS map_commune_code,
         province_2024 AS map_province_code FROM commune_keys
  UNION ALL
  SELECT admin_era, commune_code, '2025', code_2025, province_2025 FROM commune_keys;
