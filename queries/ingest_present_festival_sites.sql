-- Which of a report's festival site ids the snapshot already holds (the importer's duplicate check,
-- antq/ingest/importer.py), read as a semi-join on the parquet file (only the row groups that can hold them).
-- Parameters: $keys (BIGINT[]: the report's site ids).
SELECT DISTINCT site_id AS key
FROM festival_sites
WHERE site_id IN (SELECT unnest(CAST($keys AS BIGINT[])))
ORDER BY key
