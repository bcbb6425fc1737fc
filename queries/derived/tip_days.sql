-- Tips per day and province pair (p24 = province on the 2024 map, p25 on 2025; known = the commune is
-- on the maps), valuable, with a case, with a solved case.
SELECT k.commune_code IS NOT NULL AS known, k.province_2024 AS p24, k.province_2025 AS p25, t.received_on,
       t.valuable, t.case_id IS NOT NULL AS has_case, c.case_id IS NOT NULL AS solved, count(*) AS tips
FROM tipoffs t
LEFT JOIN commune_keys k ON k.admin_era = t.admin_era AND k.commune_code = t.commune_code
LEFT JOIN cases c ON c.case_id = t.case_id AND c.solved_on IS NOT NULL
GROUP BY ALL
ORDER BY t.received_on, p24, p25
