-- Which of a report's model ids the snapshot already knows (a model new to the snapshot needs its
-- origin site in the report: antq/ingest/importer.py). Read as a semi-join on the parquet file.
-- Parameters: $model_ids (VARCHAR[]).
SELECT DISTINCT model_id
FROM model_sites
WHERE model_id IN (SELECT unnest(CAST($model_ids AS VARCHAR[])))
ORDER BY model_id
