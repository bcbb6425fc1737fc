-- The sites behind the page's figures: sites of the selected types in the area, placed on the chosen
-- map, either those active at $as_of ($only_active = true: started_on <= D and (ended_on IS NULL or
-- ended_on > D)) or every site started by $as_of, ended ones included ($only_active = false); in
-- Vietnamese order of province and commune names (ICU 'vi' collation), then by start date; at most
-- $limit rows (the page orders what it shows with fmt.sort_key).
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country),
--   $as_of (DATE), $model_types (VARCHAR[]; empty list = every type), $only_active (BOOLEAN),
--   $limit (BIGINT; NULL = every row).
-- Returns one row per site: site_id, province_code, province_name, commune_code, commune_name,
--   model_type, type_vi, type_en, model_id, model_name, is_origin, started_on, ended_on, effective,
--   members, cameras, rows_total (the number of rows before the limit).
-- Only the provinces the first $limit rows reach get their communes ranked by name, and the sites' other
-- columns are read for the rows returned (the same rows as ranking every commune and carrying
-- every column through the sort).
-- access: commune detail in commune_code
WITH chosen AS (   -- the chosen sites' keys, placed on the map (their other columns are read for the rows returned)
    SELECT s.site_id, s.started_on, CASE WHEN $map = '2025' THEN k.province_2025 ELSE k.province_2024 END AS province_code,
           CASE WHEN $map = '2025' THEN k.code_2025 ELSE k.code_2024 END AS commune_code
    FROM model_sites s
    JOIN commune_keys k USING (admin_era, commune_code)
    WHERE s.started_on <= CAST($as_of AS DATE)
      AND (NOT $only_active OR s.ended_on IS NULL OR s.ended_on > CAST($as_of AS DATE))
      AND in_selection($model_types, s.model_type)
      AND ($province IS NULL
           OR (CASE WHEN $map = '2025' THEN k.province_2025 ELSE k.province_2024 END) = $province)
), communes_in AS (
    SELECT commune_code, province_code AS c_province, province_name, commune_name
    FROM communes
    WHERE map = $map AND ($province IS NULL OR province_code = $province)
), per_commune AS (
    SELECT commune_code, count(*) AS n FROM chosen JOIN communes_in USING (commune_code) GROUP BY commune_code
), per_province AS (  -- provinces in Vietnamese name order, with the sites of the provinces before them
    SELECT c_province, province_name,
           sum(sum(p.n)) OVER (ORDER BY province_name COLLATE vi, c_province ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
    FROM per_commune p JOIN communes_in USING (commune_code)
    GROUP BY c_province, province_name
), named AS (      -- Vietnamese order of the names, ranked only in the provinces the first $limit rows reach
    SELECT c.commune_code, c.province_name, c.commune_name,
           row_number() OVER (ORDER BY c.province_name COLLATE vi, c.commune_name COLLATE vi, c.commune_code) AS name_rank
    FROM communes_in c
    JOIN per_province p USING (c_province)
    WHERE $limit IS NULL OR coalesce(p.before, 0) < $limit
), top AS (
    SELECT x.site_id, x.province_code, x.commune_code, x.started_on, n.province_name, n.commune_name, n.name_rank
    FROM chosen x
    JOIN named n USING (commune_code)
    ORDER BY n.name_rank, x.started_on, x.site_id
    LIMIT $limit
)
SELECT x.site_id, x.province_code, x.province_name, x.commune_code, x.commune_name,
       s.model_type, t.name_vi AS type_vi, t.name_en AS type_en, s.model_id, s.model_name, s.is_origin,
       s.started_on, s.ended_on, s.effective, s.members, s.cameras,
       (SELECT CAST(sum(n) AS BIGINT) FROM per_commune) AS rows_total
FROM top x
JOIN model_sites s ON s.site_id = x.site_id
LEFT JOIN model_types t ON t.model_type = s.model_type
ORDER BY x.name_rank, x.started_on, x.site_id
