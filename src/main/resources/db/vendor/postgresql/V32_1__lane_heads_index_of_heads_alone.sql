-- PostgreSQL only (H2 has no partial indexes): queue_items_heads holds heads alone, so an item
-- queued behind its lane's head writes no entry to it, and neither a claim's range nor the walk
-- from one channel to the next passes over waiting items.
drop index queue_items_heads;
create index queue_items_heads on queue_items (queue, channel_id, available_at) where available_at is not null;
-- Claims, releases, retries and completions now update and delete queue_items rows (they did
-- queue_lanes rows): it vacuums after as few dead rows as queue_lanes did (V12_1), so the
-- claim's range and the channel walk pass over few dead entries of the heads index.
alter table queue_items set (autovacuum_vacuum_threshold = 1000, autovacuum_analyze_threshold = 1000);
