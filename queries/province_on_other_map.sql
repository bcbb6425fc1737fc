-- The province(s) of the other map that hold the communes of one province, to carry the scope
-- across the 2025 reform (one row = a one-to-one answer; several = ambiguous).
-- Params: $province (code on $from_map), $from_map, $to_map ('2024' | '2025')
SELECT DISTINCT CASE WHEN $to_map = '2025' THEN province_2025 ELSE province_2024 END AS province_code
FROM commune_keys
WHERE admin_era = $from_map
  AND (CASE WHEN $from_map = '2025' THEN province_2025 ELSE province_2024 END) = $province
  AND (CASE WHEN $to_map = '2025' THEN province_2025 ELSE province_2024 END) IS NOT NULL
