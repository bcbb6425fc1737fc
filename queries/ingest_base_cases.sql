-- The snapshot's cases that a report's tips name without reporting them (a tip may lead to a case
-- reported earlier): their dates, for the importer's link and order checks (antq/ingest/validate.py
-- check_links). Read as a semi-join on the parquet file.
-- Parameters: $case_ids (BIGINT[]).
SELECT case_id, opened_on, solved_on
FROM cases
WHERE case_id IN (SELECT unnest(CAST($case_ids AS BIGINT[])))
ORDER BY case_id
