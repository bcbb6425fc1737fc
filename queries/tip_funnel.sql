-- Tip-off funnel of a cohort: tips received in [$from, $to] in the area -> valuable -> linked to a
-- case -> linked to a case solved by the data date -> the distinct solved cases, their arrests,
-- guns and primitive weapons, and the median days from a case's earliest tip to its solution.
-- Cohort reading (tips of the period and what they led to, whenever solved); for cases solved in a
-- period see cases_solved_in_period.sql.
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL or '' = whole country),
--   $from, $to (DATE).
-- Returns one row: tips, valuable_tips, tips_with_case, tips_with_solved_case, cases, cases_solved,
--   arrests, guns, primitive_weapons, median_days_to_solve.
WITH t AS (
    SELECT tp.*
    FROM tipoffs tp
    JOIN commune_keys k USING (admin_era, commune_code)
    WHERE tp.received_on BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
      AND ($province IS NULL OR $province = ''
           OR (CASE WHEN $map = '2025' THEN k.province_2025 ELSE k.province_2024 END) = $province)
), linked AS (
    SELECT DISTINCT case_id FROM t WHERE valuable AND case_id IS NOT NULL
), solved AS (
    SELECT c.* FROM cases c JOIN linked USING (case_id) WHERE c.solved_on IS NOT NULL
), first_tip AS (
    SELECT case_id, min(received_on) AS first_received
    FROM tipoffs WHERE case_id IN (SELECT case_id FROM solved) GROUP BY case_id
)
SELECT
    (SELECT count(*) FROM t)                                           AS tips,
    (SELECT count(*) FROM t WHERE valuable)                            AS valuable_tips,
    (SELECT count(*) FROM t WHERE case_id IS NOT NULL)                 AS tips_with_case,
    (SELECT count(*) FROM t WHERE case_id IN (SELECT case_id FROM solved)) AS tips_with_solved_case,
    (SELECT count(*) FROM linked)                                      AS cases,
    (SELECT count(*) FROM solved)                                      AS cases_solved,
    (SELECT CAST(coalesce(sum(arrests), 0) AS BIGINT) FROM solved)     AS arrests,
    (SELECT CAST(coalesce(sum(guns), 0) AS BIGINT) FROM solved)        AS guns,
    (SELECT CAST(coalesce(sum(primitive_weapons), 0) AS BIGINT) FROM solved) AS primitive_weapons,
    (SELECT median(s.solved_on - f.first_received) FROM solved s JOIN first_tip f USING (case_id))
                                                                       AS median_days_to_solve
