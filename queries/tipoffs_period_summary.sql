-- The period's results in both readings, in one pass, for comparing periods (this period against the
-- same period last year): the cohort funnel of the tips received in [$date_from, $date_to] in the area, with the
-- definitions of tip_funnel.sql (tips -> valuable -> linked to a case -> linked to a case solved by the
-- data date -> those distinct cases, their arrests, guns, primitive weapons), and the cases of the area
-- solved in [$date_from, $date_to] that at least one tip led to, as cases_solved_in_period.sql counts them
-- (tests check both agree). No median here: it is tip_funnel.sql's.
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country),
--   $date_from, $date_to (DATE).
-- Returns one row: tips, valuable_tips, tips_with_case, tips_with_solved_case, cases, cases_solved,
--   arrests, guns, primitive_weapons, period_cases_solved, period_arrests, period_guns,
--   period_primitive_weapons.
-- Read from the derived tables of antq/data/derived.py (same answers as tipoffs and cases): tip counts from
-- tip_days, distinct cases from case_events (+1/-1 events, see tip_funnel.sql), cases solved in the
-- period from case_solved_days. For the whole country every tip and case counts, placed or not.
WITH counts AS (
    SELECT sum(tips) AS tips, sum(tips) FILTER (WHERE valuable) AS valuable_tips,
           sum(tips) FILTER (WHERE has_case) AS tips_with_case,
           sum(tips) FILTER (WHERE solved) AS tips_with_solved_case
    FROM tip_days
    WHERE received_on BETWEEN CAST($date_from AS DATE) AND CAST($date_to AS DATE)
      AND ($province IS NULL
           OR (known AND (CASE WHEN $map = '2025' THEN p25 ELSE p24 END) = $province))
), events AS (
    SELECT sum(cases) AS cases, sum(cases_solved) AS cases_solved, sum(arrests) AS arrests, sum(guns) AS guns,
           sum(primitive_weapons) AS primitive_weapons
    FROM case_events
    WHERE scope = CASE WHEN $province IS NULL THEN 'all' ELSE $map END
      AND ($province IS NULL OR province = $province)
      AND d1 >= CAST($date_from AS DATE) AND coalesce(d2, d1) <= CAST($date_to AS DATE)
), solved AS (
    SELECT sum(cases) AS period_cases_solved, sum(arrests) AS period_arrests, sum(guns) AS period_guns,
           sum(primitive_weapons) AS period_primitive_weapons
    FROM case_solved_days
    WHERE solved_on BETWEEN CAST($date_from AS DATE) AND CAST($date_to AS DATE)
      AND ($province IS NULL
           OR (known AND (CASE WHEN $map = '2025' THEN p25 ELSE p24 END) = $province))
)
SELECT CAST(coalesce(c.tips, 0) AS BIGINT) AS tips, CAST(coalesce(c.valuable_tips, 0) AS BIGINT) AS valuable_tips,
       CAST(coalesce(c.tips_with_case, 0) AS BIGINT) AS tips_with_case,
       CAST(coalesce(c.tips_with_solved_case, 0) AS BIGINT) AS tips_with_solved_case,
       CAST(coalesce(e.cases, 0) AS BIGINT) AS cases, CAST(coalesce(e.cases_solved, 0) AS BIGINT) AS cases_solved,
       CAST(coalesce(e.arrests, 0) AS BIGINT) AS arrests, CAST(coalesce(e.guns, 0) AS BIGINT) AS guns,
       CAST(coalesce(e.primitive_weapons, 0) AS BIGINT) AS primitive_weapons,
       CAST(coalesce(s.period_cases_solved, 0) AS BIGINT) AS period_cases_solved,
       CAST(coalesce(s.period_arrests, 0) AS BIGINT) AS period_arrests,
       CAST(coalesce(s.period_guns, 0) AS BIGINT) AS period_guns,
       CAST(coalesce(s.period_primitive_weapons, 0) AS BIGINT) AS period_primitive_weapons
FROM counts c CROSS JOIN events e CROSS JOIN solved s
