-- Coverage of model types at a date: communes of the area with at least one active site of the
-- types (and the area's commune count), the active sites, their members, cameras and models.
-- A site is active at D when started_on <= D and (ended_on IS NULL or ended_on > D).
-- Parameters: $map ('2024' | '2025'), $province (province code on that map; NULL = whole
--   country), $as_of (DATE), $model_types (VARCHAR[]; empty list = every type).
-- Returns one row: communes_covered, communes_total, sites, effective_sites, members, cameras, models.
WITH placed AS (
    SELECT s.*,
           CASE WHEN $map = '2025' THEN k.code_2025 ELSE k.code_2024 END AS map_commune,
           CASE WHEN $map = '2025' THEN k.province_2025 ELSE k.province_2024 END AS map_province
    FROM model_sites s
    JOIN commune_keys k USING (admin_era, commune_code)
), active AS (
    SELECT * FROM placed
    WHERE started_on <= CAST($as_of AS DATE)
      AND (ended_on IS NULL OR ended_on > CAST($as_of AS DATE))
      AND in_selection($model_types, model_type)
      AND ($province IS NULL OR map_province = $province)
)
SELECT
    count(DISTINCT map_commune)                       AS communes_covered,
    (SELECT count(*) FROM communes
      WHERE map = $map AND ($province IS NULL OR province_code = $province)) AS communes_total,
    count(site_id)                                    AS sites,
    count(site_id) FILTER (WHERE effective)           AS effective_sites,
    CAST(coalesce(sum(members), 0) AS BIGINT)         AS members,
    CAST(coalesce(sum(cameras), 0) AS BIGINT)         AS cameras,
    count(DISTINCT model_id)                          AS models
FROM active
