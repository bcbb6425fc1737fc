-- Festival (Ngày hội toàn dân bảo vệ ANTQ) per area: for every area of the chosen map (each province
-- for the whole country, each commune inside one province), the sites held in [$date_from, $date_to], the
-- showcase sites, the participants and the communes that held one.
-- Per-area variant of festival_year_summary.sql: the sums over the areas (and over its years) equal
-- its sites, showcase_sites, participants and communes_holding (for a period within one year).
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country, one
--   row per province; a code = one row per commune of that province), $date_from, $date_to (DATE).
-- Returns one row per area: area_code, area_name, festival_sites, showcase_sites, participants,
--   communes_holding (NULL where the area held no festival in the period).
-- Read from festival_placed_days (antq/data/derived.py: festival sites and participants per map, commune of that
-- map, day and showcase, written with the snapshot; the same sums as placing festival_days, without
-- the join).
-- access: commune detail in area_code
WITH agg AS (
    SELECT CASE WHEN $province IS NULL THEN province_code ELSE commune_code END AS area_code,
           CAST(sum(sites) AS BIGINT)                                   AS festival_sites,
           CAST(coalesce(sum(sites) FILTER (WHERE showcase), 0) AS BIGINT) AS showcase_sites,
           CAST(sum(participants) AS BIGINT)                            AS participants,
           count(DISTINCT commune_code)                                 AS communes_holding
    FROM festival_placed_days
    WHERE map = $map AND held_on BETWEEN CAST($date_from AS DATE) AND CAST($date_to AS DATE)
      AND ($province IS NULL OR province_code = $province)
    GROUP BY 1
)
SELECT a.area_code, a.area_name, g.festival_sites, g.showcase_sites, g.participants, g.communes_holding
FROM areas_of($map, $province) a
LEFT JOIN agg g USING (area_code)
ORDER BY a.area_code
