-- Tip-off funnel of a cohort: tips received in [$date_from, $date_to] in the area -> valuable -> linked to a
-- case -> linked to a case solved by the data date -> the distinct solved cases, their arrests,
-- guns and primitive weapons, and the median days from a case's earliest tip to its solution.
-- Cohort reading (tips of the period and what they led to, whenever solved); for cases solved in a
-- period see cases_solved_in_period.sql.
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country),
--   $date_from, $date_to (DATE).
-- Returns one row: tips, valuable_tips, tips_with_case, tips_with_solved_case, cases, cases_solved,
--   arrests, guns, primitive_weapons, median_days_to_solve.
-- Read from the derived tables of antq/data/derived.py (same answers as tipoffs joined with cases, placed with
-- commune_keys): tip counts from tip_days; distinct cases from case_events (+1/-1 events: the sum over
-- the events inside the period counts each case with a valuable tip in the period once); the median
-- from the histogram of case_days. Tips in communes absent from the maps are left out, as the join
-- with commune_keys leaves them out.
WITH counts AS (
    SELECT coalesce(sum(tips), 0)                             AS tips,
           coalesce(sum(tips) FILTER (WHERE valuable), 0)     AS valuable_tips,
           coalesce(sum(tips) FILTER (WHERE has_case), 0)     AS tips_with_case,
           coalesce(sum(tips) FILTER (WHERE solved), 0)       AS tips_with_solved_case
    FROM tip_days
    WHERE known AND received_on BETWEEN CAST($date_from AS DATE) AND CAST($date_to AS DATE)
      AND ($province IS NULL
           OR (CASE WHEN $map = '2025' THEN p25 ELSE p24 END) = $province)
), events AS (
    SELECT coalesce(sum(cases), 0) AS cases, coalesce(sum(cases_solved), 0) AS cases_solved,
           coalesce(sum(arrests), 0) AS arrests, coalesce(sum(guns), 0) AS guns,
           coalesce(sum(primitive_weapons), 0) AS primitive_weapons
    FROM case_events
    WHERE scope = CASE WHEN $province IS NULL THEN 'known' ELSE $map END
      AND ($province IS NULL OR province = $province)
      AND d1 >= CAST($date_from AS DATE) AND coalesce(d2, d1) <= CAST($date_to AS DATE)
), hist AS (
    SELECT days, sum(cases) AS n
    FROM case_days
    WHERE scope = CASE WHEN $province IS NULL THEN 'known' ELSE $map END
      AND ($province IS NULL OR province = $province)
      AND d1 >= CAST($date_from AS DATE) AND coalesce(d2, d1) <= CAST($date_to AS DATE)
    GROUP BY days
    HAVING sum(cases) > 0
), cum AS (
    SELECT days, sum(n) OVER (ORDER BY days) AS upto, sum(n) OVER () AS total FROM hist
), median AS (
    -- the middle value(s) of the sorted days, as median() takes them (the mean of the two middle ones)
    SELECT (min(days) FILTER (WHERE upto > (total - 1) // 2) + min(days) FILTER (WHERE upto > total // 2)) / 2.0
               AS median_days_to_solve
    FROM cum
)
SELECT CAST(c.tips AS BIGINT) AS tips, CAST(c.valuable_tips AS BIGINT) AS valuable_tips,
       CAST(c.tips_with_case AS BIGINT) AS tips_with_case,
       CAST(c.tips_with_solved_case AS BIGINT) AS tips_with_solved_case,
       CAST(e.cases AS BIGINT) AS cases, CAST(e.cases_solved AS BIGINT) AS cases_solved,
       CAST(e.arrests AS BIGINT) AS arrests, CAST(e.guns AS BIGINT) AS guns,
       CAST(e.primitive_weapons AS BIGINT) AS primitive_weapons, m.median_days_to_solve
FROM counts c CROSS JOIN events e CROSS JOIN median m
