-- Tips received and found valuable in a period, per area of the chosen map: by province for the
-- whole country, by commune inside one province. Areas with no tip rows come back with NULL counts
-- (no data is not zero). Population is the province's (see provinces.population_basis).
-- Params: $map ('2024'|'2025'), $province (code on that map, NULL = whole country), $from, $to (DATE)
WITH placed AS (
    SELECT CASE WHEN $province IS NULL THEN p.map_province_code ELSE p.map_commune_code END AS area_code,
           t.valuable
    FROM tipoffs t
    JOIN placement p
      ON p.admin_era = t.admin_era AND p.commune_code = t.commune_code AND p.map = $map
    WHERE t.received_on BETWEEN $from AND $to
      AND ($province IS NULL OR p.map_province_code = $province)
), agg AS (
    SELECT area_code, count(*) AS tips, count(*) FILTER (WHERE valuable) AS valuable
    FROM placed GROUP BY area_code
)
SELECT a.area_code, a.area_name, a.population, agg.tips, agg.valuable,
       agg.tips * 100000.0 / nullif(a.population, 0) AS tips_per_100k
FROM areas a
LEFT JOIN agg USING (area_code)
WHERE a.map = $map
  AND a.level = CASE WHEN $province IS NULL THEN 'province' ELSE 'commune' END
  AND ($province IS NULL OR a.parent_code = $province)
ORDER BY a.area_code
