-- The commune codes a province's report may use, on both administrative maps, for the sheet "Mã xã"
-- of the report template: communes of the 2024 map (rows dated before 1/7/2025) and of the 2025 map
-- (rows from 1/7/2025) that are placed in the province on either map (as the importer checks them).
-- Parameters: $province (a province code of either map, e.g. '74' Bình Dương (2024) or '79').
-- Returns: map, commune_code, commune_name, commune_type, province_code, province_name (the
--   commune's own province on its map), sorted by map then code.
SELECT c.map, c.commune_code, c.commune_name, c.commune_type, c.province_code, c.province_name
FROM communes c
JOIN commune_keys k ON k.admin_era = c.map AND k.commune_code = c.commune_code
WHERE k.province_2024 = $province OR k.province_2025 = $province
ORDER BY c.map, c.commune_code
