-- One row per tip, its case resolved (days_to_solve NULL = no case solved), with the province of the
-- 2025 map (p25) and in that order, so a province's tips are a few row groups (a filter on p25 skips
-- the rest).
SELECT t.admin_era, t.commune_code, k.province_2025 AS p25, t.received_on, t.channel, t.category, t.valuable,
       t.case_id IS NOT NULL AS has_case, CAST(c.solved_on - t.received_on AS INTEGER) AS days_to_solve
FROM tipoffs t
LEFT JOIN commune_keys k ON k.admin_era = t.admin_era AND k.commune_code = t.commune_code
LEFT JOIN cases c ON c.case_id = t.case_id AND c.solved_on IS NOT NULL
ORDER BY p25, t.commune_code, t.admin_era, t.received_on
