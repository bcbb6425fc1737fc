-- The distinct cases as additive +1/-1 events, before aggregation (read by case_events.sql and
-- case_days.sql as `case_signed`, a view, or a temporary table when both are computed together): for
-- each case and each scope cell (the country: 'all' tips or 'known' communes; a province of '2024' or
-- '2025'), +1 on every distinct day d1 a valuable tip of the cell names it, -1 on every pair of
-- consecutive such days (d1, d2). Summing the events with d1 >= $date_from and coalesce(d2, d1) <=
-- $date_to counts each case with a tip in the period exactly once. Each event carries what its case
-- brings: whether it is solved, its arrests, guns and weapons, and the days from its first tip to its
-- solution.
WITH links AS (
    SELECT t.case_id, t.received_on AS d, k.commune_code IS NOT NULL AS known,
           k.province_2024 AS p24, k.province_2025 AS p25
    FROM tipoffs t LEFT JOIN commune_keys k ON k.admin_era = t.admin_era AND k.commune_code = t.commune_code
    WHERE t.valuable AND t.case_id IS NOT NULL
), cells AS (
    SELECT DISTINCT 'all' AS scope, NULL::VARCHAR AS province, case_id, d FROM links
    UNION ALL SELECT DISTINCT 'known', NULL::VARCHAR, case_id, d FROM links WHERE known
    UNION ALL SELECT DISTINCT '2024', p24, case_id, d FROM links WHERE known
    UNION ALL SELECT DISTINCT '2025', p25, case_id, d FROM links WHERE known
), ev AS (
    SELECT scope, province, case_id, d, lead(d) OVER (PARTITION BY scope, province, case_id ORDER BY d) AS nxt
    FROM cells
), per_case AS (   -- what each case brings (its results count only once it is solved)
    SELECT c.case_id, c.solved_on IS NOT NULL AS solved, c.arrests, c.guns, c.primitive_weapons,
           c.solved_on - f.first_received AS days
    FROM cases c
    JOIN (SELECT case_id, min(received_on) AS first_received FROM tipoffs WHERE case_id IS NOT NULL
          GROUP BY case_id) f ON f.case_id = c.case_id
)
SELECT e.scope, e.province, e.d1, e.d2, e.w, pc.solved, pc.arrests, pc.guns, pc.primitive_weapons, pc.days
FROM (SELECT scope, province, case_id, d AS d1, NULL::DATE AS d2, 1 AS w FROM ev
      UNION ALL
      SELECT scope, province, case_id, d, nxt, -1 FROM ev WHERE nxt IS NOT NULL) e
LEFT JOIN per_case pc ON pc.case_id = e.case_id
