-- tip_cohort_days.sql per province pair, in p25 order: one province's cohorts from a few row groups.
SELECT k.province_2024 AS p24, k.province_2025 AS p25, t.received_on, t.channel, t.category, t.valuable,
       day_bin(c.solved_on - t.received_on) AS day_bin, count(*) AS tips
FROM tipoffs t
JOIN commune_keys k ON k.admin_era = t.admin_era AND k.commune_code = t.commune_code
LEFT JOIN cases c ON c.case_id = t.case_id AND c.solved_on IS NOT NULL
GROUP BY ALL
ORDER BY p25, p24, t.received_on
