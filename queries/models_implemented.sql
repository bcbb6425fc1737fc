-- Models implemented in a period: distinct models (model_id) whose origin site (is_origin) started
-- within [$date_from, $date_to] in the area (the area of a model is where its origin site is), and how many
-- of them are still active, and active and effective, at $date_to.
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country),
--   $date_from, $date_to (DATE), $model_types (VARCHAR[]; empty list = every type).
-- Returns one row: models_implemented, implemented_active_at_to, implemented_effective_at_to.
WITH origins AS (
    SELECT s.*,
           CASE WHEN $map = '2025' THEN k.province_2025 ELSE k.province_2024 END AS map_province
    FROM model_sites s
    JOIN commune_keys k USING (admin_era, commune_code)
    WHERE s.is_origin
)
SELECT
    count(DISTINCT model_id) AS models_implemented,
    count(DISTINCT model_id) FILTER (WHERE ended_on IS NULL OR ended_on > CAST($date_to AS DATE)) AS implemented_active_at_to,
    count(DISTINCT model_id) FILTER (WHERE (ended_on IS NULL OR ended_on > CAST($date_to AS DATE)) AND effective)
                             AS implemented_effective_at_to
FROM origins
WHERE started_on BETWEEN CAST($date_from AS DATE) AND CAST($date_to AS DATE)
  AND in_selection($model_types, model_type)
  AND ($province IS NULL OR map_province = $province)
