-- Customer messages Meta's webhook already delivered, by wamid: Meta redelivers a payload until it
-- gets a 200 (for up to 7 days), so the intake skips what it has seen. Rows older than that are pruned.
create table meta_inbound_messages (
    channel_id   varchar(40)  not null,
    wamid        varchar(128) not null,
    received_at  timestamp with time zone not null,
    primary key (channel_id, wamid)
);
create index meta_inbound_messages_received on meta_inbound_messages (received_at);
