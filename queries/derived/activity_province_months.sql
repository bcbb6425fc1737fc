-- The monthly activity reports summed per map, province of that map and month, with the communes
-- reporting (a row = the province reported that month): the whole country's and a province's totals,
-- per-province figures and monthly trends from ~16k rows instead of placing 1.56M commune-months.
SELECT p.map, p.map_province_code AS province_code, a.month,
       count(DISTINCT p.map_commune_code) AS communes_reporting,
       CAST(sum(a.propaganda_sessions) AS BIGINT) AS propaganda_sessions,
       CAST(sum(a.propaganda_participants) AS BIGINT) AS propaganda_participants,
       CAST(sum(a.families_committed) AS BIGINT) AS families_committed,
       CAST(sum(a.students_committed) AS BIGINT) AS students_committed,
       CAST(sum(a.commendations_collective) AS BIGINT) AS commendations_collective,
       CAST(sum(a.commendations_individual) AS BIGINT) AS commendations_individual,
       CAST(sum(a.safety_units_assessed) AS BIGINT) AS safety_units_assessed,
       CAST(sum(a.safety_units_passed) AS BIGINT) AS safety_units_passed
FROM activities a
JOIN placement p ON p.admin_era = a.admin_era AND p.commune_code = a.commune_code
GROUP BY ALL
ORDER BY p.map, province_code, a.month
