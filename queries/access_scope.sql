-- The areas a provincial director may see in detail (antq/auth/access.py): their province and its
-- communes on each map; on the 2024 map, the old provinces and communes that lie in it (the 2025
-- reform merged provinces whole, so an old province lies in exactly one new one). Also every
-- province of both maps (level 'any_province': province-level rows stay visible to everyone).
-- Parameters: $province (the director's province, code on the 2025 map)
SELECT '2025' AS map, 'province' AS level, province_code AS code FROM provinces_2025 WHERE province_code = $province
UNION ALL
SELECT '2025', 'commune', commune_code FROM communes_2025 WHERE province_code = $province
UNION ALL
SELECT DISTINCT '2024', 'province', province_2024 FROM commune_keys
WHERE admin_era = '2024' AND province_2025 = $province AND province_2024 IS NOT NULL
UNION ALL
SELECT DISTINCT '2024', 'commune', code_2024 FROM commune_keys
WHERE admin_era = '2024' AND province_2025 = $province AND code_2024 IS NOT NULL
UNION ALL
SELECT '2025', 'any_province', province_code FROM provinces_2025
UNION ALL
SELECT '2024', 'any_province', province_code FROM provinces_2024
