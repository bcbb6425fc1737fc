-- Solved cases that a tip led to, per day solved and province pair, with their results.
SELECT k.commune_code IS NOT NULL AS known, k.province_2024 AS p24, k.province_2025 AS p25, c.solved_on,
       count(*) AS cases, CAST(sum(c.arrests) AS BIGINT) AS arrests, CAST(sum(c.guns) AS BIGINT) AS guns,
       CAST(sum(c.primitive_weapons) AS BIGINT) AS primitive_weapons
FROM cases c
LEFT JOIN commune_keys k ON k.admin_era = c.admin_era AND k.commune_code = c.commune_code
WHERE c.solved_on IS NOT NULL AND c.case_id IN (SELECT case_id FROM tipoffs WHERE case_id IS NOT NULL)
GROUP BY ALL
ORDER BY c.solved_on
