-- The register of every commune of both administrative maps, with the province it lies in on each
-- map: what the report importer (antq/ingest*.py) checks a report's commune codes against (a code
-- that exists on no map, a code of the other map for the row's date, a commune of another province)
-- and what the snapshot comparison uses to count changed rows per province.
-- Parameters: none.
-- Returns one row per (admin_era, commune_code): admin_era ('2024' = map before 1/7/2025, '2025'),
--   commune_code, commune_name, province_2024, province_2025 (the province the commune is placed in
--   on each map, as the `placement` view places fact rows).
SELECT k.admin_era, k.commune_code, c.commune_name, k.province_2024, k.province_2025
FROM commune_keys k
JOIN communes c ON c.map = k.admin_era AND c.commune_code = k.commune_code
ORDER BY k.admin_era, k.commune_code
