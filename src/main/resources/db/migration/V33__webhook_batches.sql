-- Webhook requests may carry several events (ADR 0028): how many at most, per endpoint (null: the
-- node's wabagate.webhooks.max-events-per-request), and which request carried each attempt (its
-- webhook-id header: the event's id for a request of one event, batch_… for several).
alter table webhook_endpoints add column max_events_per_request integer;
alter table webhook_attempts add column webhook_id varchar(64);
