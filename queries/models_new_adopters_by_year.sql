-- New adopting communes per year and spread by contagion: a commune adopts the selection in the year
-- its first site of the selected types started (on the chosen map; a merged commune adopts with its
-- first part). An adopter "borders a commune that already had the model" when one of its neighbours
-- (view neighbours: communes sharing a border, across province lines too) adopted strictly earlier.
-- For reference, among the communes of the area that had not adopted by 1 January of the year, the
-- share that already bordered an adopter (what the share would be if adopters were drawn at random).
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country),
--   $model_types (VARCHAR[]; empty list = every type).
-- Returns one row per year with adopters: year, new_adopters, bordering_adopters, share_bordering,
--   not_yet_adopted (at 1 January), not_yet_bordering, share_not_yet_bordering, communes_total.
WITH placed AS (
    SELECT CASE WHEN $map = '2025' THEN k.code_2025 ELSE k.code_2024 END AS commune, s.started_on
    FROM model_sites s
    JOIN commune_keys k USING (admin_era, commune_code)
    WHERE in_selection($model_types, s.model_type)
), first_site AS (
    SELECT commune, min(started_on) AS first_on FROM placed GROUP BY commune
), area AS (
    SELECT commune_code FROM communes
    WHERE map = $map AND ($province IS NULL OR province_code = $province)
), adopters AS (
    SELECT f.commune, f.first_on,
           coalesce(bool_or(nf.first_on < f.first_on), false) AS bordering
    FROM first_site f
    JOIN area a ON a.commune_code = f.commune
    LEFT JOIN neighbours nb ON nb.map = $map AND nb.commune_code = f.commune
    LEFT JOIN first_site nf ON nf.commune = nb.neighbour_code
    GROUP BY f.commune, f.first_on
), years AS (
    SELECT DISTINCT CAST(year(first_on) AS INTEGER) AS year FROM adopters
), at_risk AS (   -- communes of the area not yet adopted on 1 January of each year
    SELECT y.year, a.commune_code,
           EXISTS (SELECT 1 FROM neighbours nb JOIN first_site nf ON nf.commune = nb.neighbour_code
                   WHERE nb.map = $map AND nb.commune_code = a.commune_code
                     AND nf.first_on < make_date(y.year, 1, 1)) AS bordering
    FROM years y
    CROSS JOIN area a
    LEFT JOIN first_site f ON f.commune = a.commune_code
    WHERE f.first_on IS NULL OR f.first_on >= make_date(y.year, 1, 1)
), risk AS (
    SELECT year, count(*) AS not_yet_adopted, count(*) FILTER (WHERE bordering) AS not_yet_bordering
    FROM at_risk GROUP BY year
), adopted AS (
    SELECT CAST(year(first_on) AS INTEGER) AS year, count(*) AS new_adopters,
           count(*) FILTER (WHERE bordering) AS bordering_adopters
    FROM adopters GROUP BY 1
)
SELECT a.year, a.new_adopters, a.bordering_adopters,
       a.bordering_adopters / a.new_adopters               AS share_bordering,
       coalesce(r.not_yet_adopted, 0)                      AS not_yet_adopted,
       coalesce(r.not_yet_bordering, 0)                    AS not_yet_bordering,
       r.not_yet_bordering / nullif(r.not_yet_adopted, 0)  AS share_not_yet_bordering,
       (SELECT count(*) FROM area)                         AS communes_total
FROM adopted a
LEFT JOIN risk r USING (year)
ORDER BY a.year
