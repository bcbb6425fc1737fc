-- The events of case_events.sql for solved cases, by days from the case's first tip to its solution:
-- the histogram tip_funnel.sql takes its median from.
SELECT scope, province, d1, d2, days, CAST(sum(w) AS BIGINT) AS cases
FROM case_signed
WHERE solved
GROUP BY ALL
ORDER BY scope, province, d1
