-- Coverage of the selected model types by area at a date: for each province of the map ($level =
-- 'province') or each commune ($level = 'commune'), the communes with at least one site of the types
-- active at $as_of (started_on <= D and (ended_on IS NULL or ended_on > D)), the area's communes, the
-- share covered, the active and effective sites and how many of the types are present.
-- An area whose province has no model_sites row at all in the snapshot (no report) gets NULL figures
-- (no data is not zero); a commune of a reporting province with no active site gets 0 (no model).
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country),
--   $level ('province' | 'commune'), $as_of (DATE), $model_types (VARCHAR[]; empty list = every type).
-- Returns one row per area of the level (inside $province when given): area_code, area_name,
--   province_code, communes_total, communes_covered, coverage (0..1), sites, effective_sites,
--   types_present.
-- access: commune detail in area_code
WITH keys AS MATERIALIZED (  -- every recorded commune placed on the chosen map
    SELECT admin_era, commune_code,
           CASE WHEN $map = '2025' THEN code_2025 ELSE code_2024 END AS commune,
           CASE WHEN $map = '2025' THEN province_2025 ELSE province_2024 END AS province
    FROM commune_keys
), recorded AS (  -- the communes (as recorded) with any site at all, for "has this province reported"
    SELECT DISTINCT admin_era, commune_code FROM model_sites
), reporting AS (
    SELECT DISTINCT k.province
    FROM recorded r
    JOIN keys k USING (admin_era, commune_code)
), active AS (      -- aggregated where recorded first, then placed: a small join
    SELECT admin_era, commune_code, model_type, count(*) AS sites, count(*) FILTER (WHERE effective) AS effective_sites
    FROM model_sites
    WHERE started_on <= CAST($as_of AS DATE)
      AND (ended_on IS NULL OR ended_on > CAST($as_of AS DATE))
      AND in_selection($model_types, model_type)
    GROUP BY ALL
), by_commune AS (
    SELECT k.commune, sum(a.sites) AS sites, sum(a.effective_sites) AS effective_sites,
           count(DISTINCT a.model_type) AS types_present
    FROM active a
    JOIN keys k USING (admin_era, commune_code)
    WHERE $province IS NULL OR k.province = $province
    GROUP BY 1
), communes_of_map AS (
    SELECT c.commune_code, c.province_code, b.sites, b.effective_sites, b.types_present
    FROM communes c
    LEFT JOIN by_commune b ON b.commune = c.commune_code
    WHERE c.map = $map AND ($province IS NULL OR c.province_code = $province)
), by_area AS (
    SELECT CASE WHEN $level = 'province' THEN province_code ELSE commune_code END AS area_code,
           count(*)                           AS communes_total,
           count(sites)                       AS communes_covered,
           coalesce(sum(sites), 0)            AS sites,
           coalesce(sum(effective_sites), 0)  AS effective_sites,
           coalesce(max(types_present), 0)    AS types_present
    FROM communes_of_map
    GROUP BY 1
)
SELECT a.area_code, a.area_name, coalesce(a.parent_code, a.area_code) AS province_code,
       b.communes_total,
       CASE WHEN r.province IS NOT NULL THEN b.communes_covered END                       AS communes_covered,
       CASE WHEN r.province IS NOT NULL THEN b.communes_covered / b.communes_total END     AS coverage,
       CASE WHEN r.province IS NOT NULL THEN CAST(b.sites AS BIGINT) END                  AS sites,
       CASE WHEN r.province IS NOT NULL THEN CAST(b.effective_sites AS BIGINT) END        AS effective_sites,
       CASE WHEN r.province IS NOT NULL THEN CAST(b.types_present AS BIGINT) END          AS types_present
FROM areas a
JOIN by_area b USING (area_code)
LEFT JOIN reporting r ON r.province = coalesce(a.parent_code, a.area_code)
WHERE a.map = $map AND a.level = $level
ORDER BY a.area_code
