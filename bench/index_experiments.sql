-- Index experiments behind bench/RESULTS.md's recommended fixes, on a filled SCRATCH bench database.
-- It adds a column and indexes, measures, then drops them again (the end of the script restores the
-- schema the migrations made; not in one transaction because an index built after an UPDATE in the
-- same transaction cannot be used by that transaction).
--   psql -h 127.0.0.1 -U postgres hongqiao_bench_city2 -f bench/index_experiments.sql | grep -E '^(--|Q)|Execution Time|Index|Seq Scan'
-- Street 1 is the biggest street (5,000 organizations); the period is 2025 in Asia/Shanghai.
\set street 1

\echo '-- before: as migrated'
\echo 'Q1 visit list rows (API order)'
EXPLAIN (ANALYZE, COSTS OFF) SELECT v.id FROM crossposts_visit v
  JOIN organizations_twoneworganization o ON o.id = v.organization_id
  WHERE o.street_id = :street ORDER BY v.visited_at DESC, v.id DESC LIMIT 50;
\echo 'Q2 visit list count'
EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*) FROM crossposts_visit v
  JOIN organizations_twoneworganization o ON o.id = v.organization_id WHERE o.street_id = :street;
\echo 'Q3 dashboard: visits in 2025'
EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*) FROM crossposts_visit v
  JOIN organizations_twoneworganization o ON o.id = v.organization_id
  WHERE o.street_id = :street AND v.visited_at >= '2025-01-01 00:00+08' AND v.visited_at < '2026-01-01 00:00+08';
\echo 'Q4 needs list rows'
EXPLAIN (ANALYZE, COSTS OFF) SELECT n.id FROM needs_need n
  WHERE n.street_id = :street AND n.archived_at IS NULL ORDER BY n.created DESC, n.id DESC LIMIT 30;
\echo 'Q5 service records rows'
EXPLAIN (ANALYZE, COSTS OFF) SELECT r.id FROM volunteers_servicerecord r
  JOIN volunteers_volunteerteam t ON t.id = r.team_id
  WHERE t.street_id = :street AND r.archived_at IS NULL ORDER BY r.date DESC, r.id DESC LIMIT 50;

\echo '-- after: the recommended indexes and a street column on visits'
CREATE INDEX bench_need_street_created ON needs_need (street_id, created DESC, id DESC) WHERE archived_at IS NULL;
CREATE INDEX bench_sr_date_id ON volunteers_servicerecord (date DESC, id DESC) WHERE archived_at IS NULL;
ALTER TABLE crossposts_visit ADD COLUMN street_id bigint;
UPDATE crossposts_visit v SET street_id = o.street_id FROM organizations_twoneworganization o WHERE o.id = v.organization_id;
CREATE INDEX bench_visit_street_recent ON crossposts_visit (street_id, visited_at DESC, id DESC);
VACUUM ANALYZE crossposts_visit;
ANALYZE needs_need;
ANALYZE volunteers_servicerecord;
\echo 'Q1 visit list rows, street column'
EXPLAIN (ANALYZE, COSTS OFF) SELECT v.id FROM crossposts_visit v
  WHERE v.street_id = :street ORDER BY v.visited_at DESC, v.id DESC LIMIT 50;
\echo 'Q2 visit list count, street column'
EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*) FROM crossposts_visit v WHERE v.street_id = :street;
\echo 'Q3 dashboard: visits in 2025, street column'
EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*) FROM crossposts_visit v
  WHERE v.street_id = :street AND v.visited_at >= '2025-01-01 00:00+08' AND v.visited_at < '2026-01-01 00:00+08';
\echo 'Q4 needs list rows, index (street, -created, -id) where not archived'
EXPLAIN (ANALYZE, COSTS OFF) SELECT n.id FROM needs_need n
  WHERE n.street_id = :street AND n.archived_at IS NULL ORDER BY n.created DESC, n.id DESC LIMIT 30;
\echo 'Q5 service records rows, index (-date, -id) where not archived'
EXPLAIN (ANALYZE, COSTS OFF) SELECT r.id FROM volunteers_servicerecord r
  JOIN volunteers_volunteerteam t ON t.id = r.team_id
  WHERE t.street_id = :street AND r.archived_at IS NULL ORDER BY r.date DESC, r.id DESC LIMIT 50;
\echo '-- cleanup: back to the migrated schema'
DROP INDEX bench_visit_street_recent;
ALTER TABLE crossposts_visit DROP COLUMN street_id;
DROP INDEX bench_need_street_created;
DROP INDEX bench_sr_date_id;
