-- Cases solved in a period: cases of the area (where the case was recorded) whose solved_on lies in
-- [$from, $to] and that at least one tip led to, with their arrests and weapons. Not a conversion
-- rate of the tips of that period (see tip_funnel.sql): label any ratio against tips as such.
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL or '' = whole country),
--   $from, $to (DATE).
-- Returns one row: cases_solved, arrests, guns, primitive_weapons.
WITH c AS (
    SELECT cs.*
    FROM cases cs
    JOIN commune_keys k USING (admin_era, commune_code)
    WHERE cs.solved_on BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
      AND ($province IS NULL OR $province = ''
           OR (CASE WHEN $map = '2025' THEN k.province_2025 ELSE k.province_2024 END) = $province)
      AND EXISTS (SELECT 1 FROM tipoffs tp WHERE tp.case_id = cs.case_id)
)
SELECT
    count(*)                                             AS cases_solved,
    CAST(coalesce(sum(arrests), 0) AS BIGINT)            AS arrests,
    CAST(coalesce(sum(guns), 0) AS BIGINT)               AS guns,
    CAST(coalesce(sum(primitive_weapons), 0) AS BIGINT)  AS primitive_weapons
FROM c
