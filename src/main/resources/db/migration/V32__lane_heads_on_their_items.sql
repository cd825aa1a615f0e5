-- A lane's head carries its lane's due time, attempts and lease on its own row, and
-- queue_lanes goes away (ADR 0025): a lane of one item costs three row writes (insert, claim,
-- delete) instead of five. available_at is a head's due time while it is free and its lease's
-- end while it is claimed, as queue_lanes.available_at was; an item waiting behind its lane's
-- head has none. next_attempt_at is a head's due time (what a released claim goes back to).
-- The lanes' state moves onto their heads as it is, leases included.
alter table queue_items add column available_at timestamp with time zone;
alter table queue_items add column next_attempt_at timestamp with time zone;
alter table queue_items add column attempts integer default 0 not null;
alter table queue_items add column lease_owner varchar(64);
update queue_items set next_attempt_at = queued_at;
update queue_items i set
    available_at = (select l.available_at from queue_lanes l where l.head_seq = i.seq),
    next_attempt_at = (select l.next_attempt_at from queue_lanes l where l.head_seq = i.seq),
    attempts = (select l.attempts from queue_lanes l where l.head_seq = i.seq),
    lease_owner = (select l.lease_owner from queue_lanes l where l.head_seq = i.seq)
where i.seq in (select l.head_seq from queue_lanes l);
alter table queue_items alter column next_attempt_at set not null;
drop table queue_lanes;
-- Claims: a channel's due heads, longest due first (on PostgreSQL an index of heads alone,
-- db/vendor/postgresql/V32_1).
create index queue_items_heads on queue_items (queue, channel_id, available_at);
