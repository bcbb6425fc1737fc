-- Tips received and found valuable in a period, per area of the chosen map: by province for the
-- whole country, by commune inside one province. Areas with no tip rows come back with NULL counts
-- (no data is not zero). Population is the province's (see provinces.population_basis).
-- Params: $map ('2024'|'2025'), $province (code on that map, NULL = whole country), $date_from, $date_to (DATE)
-- Read from the derived tables of antq/data/derived.py: provinces from tip_days, the communes of one province
-- from tip_facts (one row per tip, in commune order).
-- access: commune detail in area_code
WITH agg AS (
    SELECT CASE WHEN $map = '2025' THEN p25 ELSE p24 END AS area_code,
           sum(tips) AS tips, coalesce(sum(tips) FILTER (WHERE valuable), 0) AS valuable
    FROM tip_days
    WHERE $province IS NULL AND known AND received_on BETWEEN $date_from AND $date_to
    GROUP BY 1
    UNION ALL
    SELECT p.map_commune_code, count(*), count(*) FILTER (WHERE t.valuable)
    FROM tip_facts t
    JOIN placement p ON p.admin_era = t.admin_era AND p.commune_code = t.commune_code
                    AND p.map = $map AND p.map_province_code = $province
    WHERE t.received_on BETWEEN $date_from AND $date_to
      AND t.p25 IN (SELECT province_2025 FROM commune_keys  -- the province's rows only (tip_facts is in p25 order)
                    WHERE (CASE WHEN $map = '2025' THEN province_2025 ELSE province_2024 END) = $province)
    GROUP BY 1
)
SELECT a.area_code, a.area_name, a.population, CAST(agg.tips AS BIGINT) AS tips, CAST(agg.valuable AS BIGINT) AS valuable,
       agg.tips * 100000.0 / nullif(a.population, 0) AS tips_per_100k
FROM areas_of($map, $province) a
LEFT JOIN agg USING (area_code)
ORDER BY a.area_code
