-- Model coverage per area at a date: for every area of the chosen map (each province for the whole
-- country, each commune inside one province), its communes, the communes with at least one active
-- site (any type), the active sites and the effective models whose origin site lies in it.
-- Per-area variant of model_communes_covered.sql and models_effective.sql (every type): the sums
-- over the areas equal those queries' communes_covered, sites and models_effective.
-- A site is active at D when started_on <= D and (ended_on IS NULL or ended_on > D).
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country, one
--   row per province; a code = one row per commune of that province), $as_of (DATE).
-- Returns one row per area: area_code, area_name, communes_total, communes_covered, active_sites,
--   effective_models (NULL counts where no site of the area is active at $as_of).
-- access: commune detail in area_code
WITH by_commune AS (
    -- aggregate the sites where they were recorded first, then place ~13k rows, not every site
    SELECT admin_era, commune_code,
           count(*)                                  AS active_sites,
           count(*) FILTER (WHERE is_origin AND effective) AS effective_models
    FROM model_sites
    WHERE started_on <= CAST($as_of AS DATE)
      AND (ended_on IS NULL OR ended_on > CAST($as_of AS DATE))
    GROUP BY admin_era, commune_code
), placed AS (
    SELECT p.map_province_code, p.map_commune_code,
           sum(b.active_sites) AS active_sites, sum(b.effective_models) AS effective_models
    FROM by_commune b
    JOIN placement p ON p.admin_era = b.admin_era AND p.commune_code = b.commune_code AND p.map = $map
    WHERE $province IS NULL OR p.map_province_code = $province
    GROUP BY p.map_province_code, p.map_commune_code
), agg AS (
    SELECT CASE WHEN $province IS NULL THEN map_province_code ELSE map_commune_code END AS area_code,
           count(*) FILTER (WHERE active_sites > 0) AS communes_covered,
           CAST(sum(active_sites) AS BIGINT)        AS active_sites,
           CAST(sum(effective_models) AS BIGINT)    AS effective_models
    FROM placed
    GROUP BY 1
), totals AS (
    SELECT CASE WHEN $province IS NULL THEN province_code ELSE commune_code END AS area_code,
           count(*) AS communes_total
    FROM communes
    WHERE map = $map AND ($province IS NULL OR province_code = $province)
    GROUP BY 1
)
SELECT a.area_code, a.area_name, t.communes_total, g.communes_covered, g.active_sites, g.effective_models
FROM areas_of($map, $province) a
LEFT JOIN totals t USING (area_code)
LEFT JOIN agg g USING (area_code)
ORDER BY a.area_code
