-- Webhook deliveries move onto the one queue engine (ADR 0025, ADR 0026): the queue 'webhooks'
-- in queue_items / queue_lanes, one lane per (channel, chat), an item's ref_id its event's id.
-- Queued events keep their lane order, and each lane's head its attempts and due time (leases
-- are dropped: run this with the gateways stopped, as every migration here).
insert into queue_items (queue, channel_id, lane_key, ref_id, queued_at)
select 'webhooks', channel_id, chat_key, event_id, first_queued_at from webhook_deliveries order by seq;
insert into queue_lanes (queue, channel_id, lane_key, head_seq, available_at, next_attempt_at, attempts)
select 'webhooks', i.channel_id, i.lane_key, i.seq, d.next_attempt_at, d.next_attempt_at, d.attempts
from queue_items i join webhook_deliveries d on d.event_id = i.ref_id
where i.queue = 'webhooks'
  and i.seq = (select min(f.seq) from queue_items f
               where f.queue = 'webhooks' and f.channel_id = i.channel_id and f.lane_key = i.lane_key);
drop table webhook_deliveries;

-- Nodes cache webhook endpoints (with their decrypted secrets) in memory; a change bumps this.
insert into cache_generations (name, generation) values ('webhooks', 0);
