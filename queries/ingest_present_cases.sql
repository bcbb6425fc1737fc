-- Which of a report's case ids the snapshot already holds (the importer's duplicate check,
-- antq/ingest/importer.py), read as a semi-join on the parquet file (only the row groups that can hold them).
-- Parameters: $keys (BIGINT[]: the report's case ids).
SELECT DISTINCT case_id AS key
FROM cases
WHERE case_id IN (SELECT unnest(CAST($keys AS BIGINT[])))
ORDER BY key
