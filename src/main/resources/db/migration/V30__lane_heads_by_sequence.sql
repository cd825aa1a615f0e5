-- A lane head is found by its item's sequence number alone, which is unique across queues: the
-- index on it alone is the plan for every statement on heads, whatever the statistics of this
-- churning table say (they are often minutes old and show it nearly empty).
drop index queue_lanes_head;
create unique index queue_lanes_head on queue_lanes (head_seq);
