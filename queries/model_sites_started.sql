-- Model sites started in a period: sites (replication points, origins included) of the types whose
-- started_on lies in [$date_from, $date_to] in the area, with the communes, provinces and models they belong to.
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country),
--   $date_from, $date_to (DATE), $model_types (VARCHAR[]; empty list = every type).
-- Returns one row: sites, origins, communes, provinces, models.
WITH placed AS (
    SELECT s.*,
           CASE WHEN $map = '2025' THEN k.code_2025 ELSE k.code_2024 END AS map_commune,
           CASE WHEN $map = '2025' THEN k.province_2025 ELSE k.province_2024 END AS map_province
    FROM model_sites s
    JOIN commune_keys k USING (admin_era, commune_code)
)
SELECT
    count(*)                            AS sites,
    count(*) FILTER (WHERE is_origin)   AS origins,
    count(DISTINCT map_commune)         AS communes,
    count(DISTINCT map_province)        AS provinces,
    count(DISTINCT model_id)            AS models
FROM placed
WHERE started_on BETWEEN CAST($date_from AS DATE) AND CAST($date_to AS DATE)
  AND in_selection($model_types, model_type)
  AND ($province IS NULL OR map_province = $province)
