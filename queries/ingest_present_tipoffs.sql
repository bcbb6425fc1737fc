-- Which of a report's tip ids the snapshot already holds (the importer's duplicate check,
-- antq/ingest/importer.py). A semi-join on the parquet file: DuckDB reads only the row groups whose tip_id
-- range can hold one of them, so the check does not grow with the snapshot.
-- Parameters: $keys (BIGINT[]: the report's tip ids).
SELECT DISTINCT tip_id AS key
FROM tipoffs
WHERE tip_id IN (SELECT unnest(CAST($keys AS BIGINT[])))
ORDER BY key
