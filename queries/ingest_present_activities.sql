-- Which of a report's monthly activity rows the snapshot already holds (the importer's duplicate
-- check, antq/ingest/importer.py). A row's key packs its month and commune as one BIGINT:
-- (year * 12 + month - 1) * 100000 + commune code (antq.ingest.validate.key_frame). One row per
-- commune and month: the table does not grow with the number of tips.
-- Parameters: $keys (BIGINT[]: the report's packed keys).
WITH rows AS (
    SELECT (CAST(year(month) AS BIGINT) * 12 + month(month) - 1) * 100000 + TRY_CAST(commune_code AS BIGINT) AS key
    FROM activities
)
SELECT DISTINCT key
FROM rows
WHERE key IN (SELECT unnest(CAST($keys AS BIGINT[])))
ORDER BY key
