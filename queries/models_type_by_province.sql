-- Model types by province at a date: for every type of the catalogue and every province of the map,
-- the communes with an active site of the type, the province's communes, the active sites and how
-- many are judged effective. Active at D: started_on <= D and (ended_on IS NULL or ended_on > D).
-- Counts add up: the whole country is the sum over provinces (a commune lies in one province), so
-- one answer ranks the types in any scope and ranks the provinces for any type.
-- `reported` is false for a province with no model_sites row at all in the snapshot (no data, not zero).
-- Parameters: $map ('2024' | '2025'), $as_of (DATE).
-- Returns one row per type and province: model_type, name_vi, name_en, province_code, province_name,
--   communes_covered, communes_total, sites, effective_sites (zeros where the type has no active site),
--   reported.
WITH keys AS MATERIALIZED (  -- every recorded commune placed on the chosen map
    SELECT admin_era, commune_code,
           CASE WHEN $map = '2025' THEN code_2025 ELSE code_2024 END AS commune,
           CASE WHEN $map = '2025' THEN province_2025 ELSE province_2024 END AS province
    FROM commune_keys
), active AS (
    SELECT admin_era, commune_code, model_type, count(*) AS sites, count(*) FILTER (WHERE effective) AS effective_sites
    FROM model_sites
    WHERE started_on <= CAST($as_of AS DATE)
      AND (ended_on IS NULL OR ended_on > CAST($as_of AS DATE))
    GROUP BY ALL
), placed AS (
    SELECT a.model_type, k.province AS province_code, count(DISTINCT k.commune) AS communes_covered,
           sum(a.sites) AS sites, sum(a.effective_sites) AS effective_sites
    FROM active a
    JOIN keys k USING (admin_era, commune_code)
    GROUP BY ALL
), reporting AS (
    SELECT DISTINCT k.province AS province_code
    FROM (SELECT DISTINCT admin_era, commune_code FROM model_sites) r
    JOIN keys k USING (admin_era, commune_code)
), totals AS (
    SELECT province_code, any_value(province_name) AS province_name, count(*) AS communes_total
    FROM communes WHERE map = $map GROUP BY province_code
)
SELECT t.model_type, t.name_vi, t.name_en, o.province_code, o.province_name,
       coalesce(x.communes_covered, 0)        AS communes_covered,
       o.communes_total,
       CAST(coalesce(x.sites, 0) AS BIGINT)           AS sites,
       CAST(coalesce(x.effective_sites, 0) AS BIGINT) AS effective_sites,
       r.province_code IS NOT NULL                    AS reported
FROM model_types t
CROSS JOIN totals o
LEFT JOIN reporting r ON r.province_code = o.province_code
LEFT JOIN placed x ON x.model_type = t.model_type AND x.province_code = o.province_code
ORDER BY t.model_type, o.province_code
