-- Effective models at a date: models whose origin site is in the area and is active and effective
-- at $as_of (active: started_on <= D and (ended_on IS NULL or ended_on > D)); also the models
-- started by then and those still active.
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country),
--   $as_of (DATE), $model_types (VARCHAR[]; empty list = every type).
-- Returns one row: models_started, models_active, models_effective.
WITH origins AS (
    SELECT s.*,
           CASE WHEN $map = '2025' THEN k.province_2025 ELSE k.province_2024 END AS map_province
    FROM model_sites s
    JOIN commune_keys k USING (admin_era, commune_code)
    WHERE s.is_origin AND s.started_on <= CAST($as_of AS DATE)
)
SELECT
    count(DISTINCT model_id) AS models_started,
    count(DISTINCT model_id) FILTER (WHERE ended_on IS NULL OR ended_on > CAST($as_of AS DATE)) AS models_active,
    count(DISTINCT model_id) FILTER (WHERE (ended_on IS NULL OR ended_on > CAST($as_of AS DATE)) AND effective)
                             AS models_effective
FROM origins
WHERE in_selection($model_types, model_type)
  AND ($province IS NULL OR map_province = $province)
