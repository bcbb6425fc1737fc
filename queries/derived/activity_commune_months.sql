-- The monthly activity reports summed per map, commune of that map and month, in province order: one
-- province's communes from a few row groups, without placing the reports.
SELECT p.map, p.map_province_code AS province_code, p.map_commune_code AS commune_code, a.month,
       CAST(sum(a.propaganda_sessions) AS BIGINT) AS propaganda_sessions,
       CAST(sum(a.propaganda_participants) AS BIGINT) AS propaganda_participants,
       CAST(sum(a.safety_units_assessed) AS BIGINT) AS safety_units_assessed,
       CAST(sum(a.safety_units_passed) AS BIGINT) AS safety_units_passed
FROM activities a
JOIN placement p ON p.admin_era = a.admin_era AND p.commune_code = a.commune_code
GROUP BY ALL
ORDER BY p.map, province_code, commune_code, a.month
