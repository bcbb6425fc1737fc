-- Model coverage per province of the chosen map at the end of every month of [$date_from, $date_to] (the last
-- point is $date_to itself): communes with at least one active site, active sites, and effective models
-- (origin site active and effective), for every province; the point at $date_to equals
-- overview_models_by_area.sql at $as_of = $date_to.
-- A site is active at D when started_on <= D and (ended_on IS NULL or ended_on > D); so it counts
-- from the end of its start month and stops counting at the end of the month it ended. Computed from
-- start/end events and running sums (no site x month product).
-- Parameters: $map ('2024' | '2025'), $date_from, $date_to (DATE).
-- Returns one row per province and month end: province_code, as_of (DATE), communes_covered,
--   active_sites, effective_models.
WITH placed AS (
    SELECT p.map_province_code AS province_code, p.map_commune_code AS commune,
           s.started_on, s.ended_on, (s.is_origin AND s.effective) AS effective_origin
    FROM model_sites s
    JOIN placement p ON p.admin_era = s.admin_era AND p.commune_code = s.commune_code AND p.map = $map
    WHERE s.started_on <= CAST($date_to AS DATE)
), events AS (
    SELECT province_code, commune, least(last_day(started_on), CAST($date_to AS DATE)) AS d, 1 AS delta, effective_origin
    FROM placed
    UNION ALL
    SELECT province_code, commune, least(last_day(ended_on), CAST($date_to AS DATE)), -1, effective_origin
    FROM placed WHERE ended_on IS NOT NULL AND ended_on <= CAST($date_to AS DATE)
), commune_steps AS (
    SELECT province_code, commune, d, sum(delta) AS delta,
           sum(delta) FILTER (WHERE effective_origin) AS delta_effective
    FROM events GROUP BY ALL
), commune_running AS (
    SELECT *, sum(delta) OVER (PARTITION BY commune ORDER BY d) AS active_after FROM commune_steps
), province_steps AS (
    SELECT province_code, d,
           sum(delta) AS delta_sites,
           coalesce(sum(delta_effective), 0) AS delta_effective,
           sum(CASE WHEN active_after > 0 AND active_after - delta <= 0 THEN 1
                    WHEN active_after <= 0 AND active_after - delta > 0 THEN -1 ELSE 0 END) AS delta_covered
    FROM commune_running GROUP BY ALL
), province_running AS (
    SELECT province_code, d,
           sum(delta_covered) OVER w AS communes_covered,
           sum(delta_sites) OVER w AS active_sites,
           sum(delta_effective) OVER w AS effective_models
    FROM province_steps
    WINDOW w AS (PARTITION BY province_code ORDER BY d)
), points AS (
    SELECT DISTINCT least(last_day(m), CAST($date_to AS DATE)) AS as_of
    FROM generate_series(date_trunc('month', CAST($date_from AS DATE)), CAST($date_to AS DATE), INTERVAL 1 MONTH) g(m)
), grid AS (
    SELECT pr.province_code, pt.as_of
    FROM (SELECT province_code FROM provinces WHERE map = $map) pr CROSS JOIN points pt
)
SELECT g.province_code, CAST(g.as_of AS DATE) AS as_of,
       CAST(coalesce(r.communes_covered, 0) AS BIGINT) AS communes_covered,
       CAST(coalesce(r.active_sites, 0) AS BIGINT)     AS active_sites,
       CAST(coalesce(r.effective_models, 0) AS BIGINT) AS effective_models
FROM grid g
ASOF LEFT JOIN province_running r ON r.province_code = g.province_code AND r.d <= g.as_of
ORDER BY 1, 2
