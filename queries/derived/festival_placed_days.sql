-- Festival sites and participants per map, commune of that map, day and showcase, in date order: the
-- festival by area without placing every commune-day per question.
SELECT p.map, p.map_province_code AS province_code, p.map_commune_code AS commune_code, f.held_on, f.showcase,
       count(*) AS sites, CAST(sum(f.participants) AS BIGINT) AS participants
FROM festival_sites f
JOIN placement p ON p.admin_era = f.admin_era AND p.commune_code = f.commune_code
GROUP BY ALL
ORDER BY p.map, f.held_on, province_code, commune_code
