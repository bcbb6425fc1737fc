-- The sites behind the page's figures: sites of the selected types in the area, placed on the chosen
-- map, either those active at $as_of ($only_active = true: started_on <= D and (ended_on IS NULL or
-- ended_on > D)) or every site started by $as_of, ended ones included ($only_active = false); in
-- Vietnamese order of province and commune names (ICU 'vi' collation), then by start date; at most
-- $limit rows (the page orders what it shows with fmt.sort_key).
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL or '' = whole country),
--   $as_of (DATE), $model_types (VARCHAR[]; empty list = every type), $only_active (BOOLEAN),
--   $limit (BIGINT; NULL = every row).
-- Returns one row per site: site_id, province_code, province_name, commune_code, commune_name,
--   model_type, type_vi, type_en, model_id, model_name, is_origin, started_on, ended_on, effective,
--   members, cameras, rows_total (the number of rows before the limit).
-- access: commune detail in commune_code
WITH chosen AS (
    SELECT s.site_id, CASE WHEN $map = '2025' THEN k.province_2025 ELSE k.province_2024 END AS province_code,
           CASE WHEN $map = '2025' THEN k.code_2025 ELSE k.code_2024 END AS commune_code,
           s.model_type, s.model_id, s.model_name, s.is_origin, s.started_on, s.ended_on, s.effective,
           s.members, s.cameras
    FROM model_sites s
    JOIN commune_keys k USING (admin_era, commune_code)
    WHERE s.started_on <= CAST($as_of AS DATE)
      AND (NOT $only_active OR s.ended_on IS NULL OR s.ended_on > CAST($as_of AS DATE))
      AND (len(CAST($model_types AS VARCHAR[])) = 0 OR list_contains(CAST($model_types AS VARCHAR[]), s.model_type))
      AND ($province IS NULL OR $province = ''
           OR (CASE WHEN $map = '2025' THEN k.province_2025 ELSE k.province_2024 END) = $province)
), named AS (       -- Vietnamese order of the names, ranked once per commune rather than per site
    SELECT commune_code, province_name, commune_name,
           row_number() OVER (ORDER BY province_name COLLATE vi, commune_name COLLATE vi, commune_code) AS name_rank
    FROM communes
    WHERE map = $map AND ($province IS NULL OR $province = '' OR province_code = $province)
)
SELECT x.site_id, x.province_code, n.province_name, x.commune_code, n.commune_name,
       x.model_type, t.name_vi AS type_vi, t.name_en AS type_en, x.model_id, x.model_name, x.is_origin,
       x.started_on, x.ended_on, x.effective, x.members, x.cameras,
       (SELECT count(*) FROM chosen JOIN named USING (commune_code)) AS rows_total
FROM chosen x
JOIN named n USING (commune_code)
LEFT JOIN model_types t ON t.model_type = x.model_type
ORDER BY n.name_rank, x.started_on, x.site_id
LIMIT $limit  -- a top-N: the rows before the limit are counted apart, not kept in a window
