-- A lane's items are found by a keyset walk of this index: from a (channel, lane, queue, seq)
-- position to the next entry in that order. No other index of queue_items starts with the
-- channel, so no other index can answer that walk, whatever the table's statistics say (with
-- the queue's name first, queue_items_ref could, and did: ADR 0025).
drop index queue_items_lane;
create index queue_items_lane on queue_items (channel_id, lane_key, queue, seq);
