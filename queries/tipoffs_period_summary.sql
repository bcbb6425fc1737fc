-- The period's results in both readings, in one pass, for comparing periods (this period against the
-- same period last year): the cohort funnel of the tips received in [$from, $to] in the area, with the
-- definitions of tip_funnel.sql (tips -> valuable -> linked to a case -> linked to a case solved by the
-- data date -> those distinct cases, their arrests, guns, primitive weapons), and the cases of the area
-- solved in [$from, $to] that at least one tip led to, as cases_solved_in_period.sql counts them
-- (tests check both agree). No median here: it is tip_funnel.sql's.
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL or '' = whole country),
--   $from, $to (DATE).
-- Returns one row: tips, valuable_tips, tips_with_case, tips_with_solved_case, cases, cases_solved,
--   arrests, guns, primitive_weapons, period_cases_solved, period_arrests, period_guns,
--   period_primitive_weapons.
WITH scope AS (
    SELECT admin_era, commune_code FROM placement
    WHERE map = $map AND map_province_code = $province
), t AS (
    SELECT t.case_id, t.valuable
    FROM tipoffs t
    WHERE t.received_on BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
      AND (coalesce($province, '') = '' OR (t.admin_era, t.commune_code) IN (SELECT * FROM scope))
), counts AS (
    SELECT count(*) AS tips, count(*) FILTER (WHERE valuable) AS valuable_tips, count(case_id) AS tips_with_case FROM t
), by_case AS (
    -- the period's tips of the area that name a case, one row per case
    SELECT case_id, count(*) AS tips, count(*) FILTER (WHERE valuable) AS valuable
    FROM t WHERE case_id IS NOT NULL
    GROUP BY case_id
), funnel AS (
    SELECT any_value(n.tips) AS tips, any_value(n.valuable_tips) AS valuable_tips,
           any_value(n.tips_with_case) AS tips_with_case,
           sum(b.tips) FILTER (WHERE b.valuable > 0 AND c.solved_on IS NOT NULL) AS tips_with_solved_case,
           count(*) FILTER (WHERE b.valuable > 0 AND b.case_id IS NOT NULL)   AS cases,
           count(*) FILTER (WHERE b.valuable > 0 AND c.solved_on IS NOT NULL) AS cases_solved,
           sum(c.arrests) FILTER (WHERE b.valuable > 0 AND c.solved_on IS NOT NULL) AS arrests,
           sum(c.guns) FILTER (WHERE b.valuable > 0 AND c.solved_on IS NOT NULL) AS guns,
           sum(c.primitive_weapons) FILTER (WHERE b.valuable > 0 AND c.solved_on IS NOT NULL) AS primitive_weapons
    FROM counts n
    LEFT JOIN (by_case b LEFT JOIN cases c ON c.case_id = b.case_id) ON true
), solved AS (
    SELECT count(*) AS period_cases_solved, sum(cs.arrests) AS period_arrests, sum(cs.guns) AS period_guns,
           sum(cs.primitive_weapons) AS period_primitive_weapons
    FROM cases cs
    WHERE cs.solved_on BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
      AND (coalesce($province, '') = '' OR (cs.admin_era, cs.commune_code) IN (SELECT * FROM scope))
      AND cs.case_id IN (SELECT case_id FROM tipoffs WHERE case_id IS NOT NULL)
)
SELECT CAST(coalesce(f.tips, 0) AS BIGINT) AS tips, CAST(coalesce(f.valuable_tips, 0) AS BIGINT) AS valuable_tips,
       CAST(coalesce(f.tips_with_case, 0) AS BIGINT) AS tips_with_case,
       CAST(coalesce(f.tips_with_solved_case, 0) AS BIGINT) AS tips_with_solved_case,
       CAST(f.cases AS BIGINT) AS cases, CAST(f.cases_solved AS BIGINT) AS cases_solved,
       CAST(coalesce(f.arrests, 0) AS BIGINT) AS arrests, CAST(coalesce(f.guns, 0) AS BIGINT) AS guns,
       CAST(coalesce(f.primitive_weapons, 0) AS BIGINT) AS primitive_weapons,
       CAST(s.period_cases_solved AS BIGINT) AS period_cases_solved,
       CAST(coalesce(s.period_arrests, 0) AS BIGINT) AS period_arrests,
       CAST(coalesce(s.period_guns, 0) AS BIGINT) AS period_guns,
       CAST(coalesce(s.period_primitive_weapons, 0) AS BIGINT) AS period_primitive_weapons
FROM funnel f CROSS JOIN solved s
