-- The provinces of one administrative map, for the scope selector.
-- Params: $map ('2024' = 63 provinces before 1/7/2025, '2025' = 34 provinces since)
SELECT province_code, province_name
FROM provinces
WHERE map = $map
ORDER BY province_code
