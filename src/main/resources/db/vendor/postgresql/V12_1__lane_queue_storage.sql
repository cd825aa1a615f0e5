-- PostgreSQL only (H2 has no such settings). The queue tables are small and churn: every item is
-- inserted once and deleted once, every lane row is updated at each claim, retry and release and
-- deleted when its lane empties. The default autovacuum trigger (20% of the table dead) is
-- measured against the table's size after a burst, so a table that held 100,000 rows for a
-- minute and holds 100 now waits for 20,000 dead rows; until then the claim's index range walks
-- dead entries. A fixed threshold vacuums them after about a thousand, whatever the size, and
-- without the cost delay (the tables are a few megabytes at most).
-- queue_lanes leaves a fifth of each page free so that the no-op update an accept makes to
-- lock an existing lane (and any update of lease_owner or attempts alone) can stay on its page
-- (a HOT update: no new index entries). queue_items rows are never updated: pages stay full.
alter table queue_lanes set (fillfactor = 80, autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0, autovacuum_analyze_scale_factor = 0,
    autovacuum_analyze_threshold = 1000);
alter table queue_items set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
    autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 10000,
    autovacuum_vacuum_cost_delay = 0, autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 2000);
