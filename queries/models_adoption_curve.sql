-- Adoption curves: communes covered (at least one active site of the type) at the end of every month
-- from January 2013 to $until, for each selected type ('<model_type>', only when types are selected)
-- and for the selection as a whole ('_all'), in the area ('area', only when $province is given) and in
-- the whole country ('country'). Active at D: started_on <= D and (ended_on IS NULL or ended_on > D). Computed from the
-- dates a commune gains or loses its last active site, so a commune counts once however many sites.
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country),
--   $model_types (VARCHAR[]; empty list = every type), $until (DATE, last month of the curve).
-- Returns one row per month, series and scope: month (DATE, last day), series, scope,
--   communes_covered, communes_total, coverage (0..1).
WITH placed AS (
    SELECT CASE WHEN $map = '2025' THEN k.code_2025 ELSE k.code_2024 END AS commune,
           CASE WHEN $map = '2025' THEN k.province_2025 ELSE k.province_2024 END AS province,
           s.model_type, s.started_on, s.ended_on
    FROM site_spells s  -- antq/data/derived.py: the sites of a commune and type merged into spells of activity
    JOIN commune_keys k USING (admin_era, commune_code)
    WHERE in_selection($model_types, s.model_type)
      AND s.started_on <= CAST($until AS DATE)
), in_scope AS (
    SELECT 'country' AS scope, * FROM placed
    UNION ALL
    SELECT 'area', * FROM placed WHERE $province IS NOT NULL AND province = $province
), series AS (
    SELECT scope, model_type AS series, commune, started_on, ended_on FROM in_scope
    WHERE len(CAST($model_types AS VARCHAR[])) > 0
    UNION ALL
    SELECT scope, '_all', commune, started_on, ended_on FROM in_scope
), events AS (  -- net change of a commune's active sites per day
    SELECT scope, series, commune, d AS day, sum(delta) AS delta
    FROM (SELECT scope, series, commune, started_on AS d, 1 AS delta FROM series
          UNION ALL
          SELECT scope, series, commune, ended_on, -1 FROM series WHERE ended_on IS NOT NULL) e
    GROUP BY ALL
), running AS (
    SELECT scope, series, day, delta,
           sum(delta) OVER (PARTITION BY scope, series, commune ORDER BY day) AS active
    FROM events
), flips AS (   -- +1 when a commune becomes covered, -1 when it loses its last active site
    SELECT scope, series, last_day(day) AS month,
           CAST(active > 0 AS INTEGER) - CAST(active - delta > 0 AS INTEGER) AS change
    FROM running
), monthly AS (
    SELECT scope, series, month, sum(change) AS change FROM flips GROUP BY ALL
), grid AS (
    SELECT CAST(last_day(CAST(m AS DATE)) AS DATE) AS month
    FROM generate_series(TIMESTAMP '2013-01-01', CAST($until AS TIMESTAMP), INTERVAL 1 MONTH) g(m)
), keys AS (
    SELECT DISTINCT scope, series FROM monthly
), totals AS (
    SELECT 'country' AS scope, count(*) AS communes_total FROM communes WHERE map = $map
    UNION ALL
    SELECT 'area', count(*) FROM communes WHERE map = $map AND province_code = $province
)
SELECT g.month, k.series, k.scope,
       CAST(sum(coalesce(m.change, 0)) OVER (PARTITION BY k.scope, k.series ORDER BY g.month) AS BIGINT)
           AS communes_covered,
       t.communes_total,
       sum(coalesce(m.change, 0)) OVER (PARTITION BY k.scope, k.series ORDER BY g.month) / t.communes_total
           AS coverage
FROM grid g
CROSS JOIN keys k
JOIN totals t ON t.scope = k.scope
LEFT JOIN monthly m ON m.scope = k.scope AND m.series = k.series AND m.month = g.month
ORDER BY k.scope, k.series, g.month
