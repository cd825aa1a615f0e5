-- Media objects known to the provider: a customer's file downloaded from Meta, or an upload
-- Meta holds under its own id (valid 30 days from provider_uploaded_at).
alter table media add column provider_media_id varchar(128);
alter table media add column provider_uploaded_at timestamp with time zone;
create unique index media_channel_provider_id on media (channel_id, provider_media_id);

-- The sandbox's customer messages, so they can be marked read like Meta's.
create table sandbox_customer_messages (
    channel_id   varchar(40)  not null,
    wamid        varchar(128) not null,
    received_at  timestamp with time zone not null,
    read_at      timestamp with time zone,
    primary key (channel_id, wamid)
);
create index sandbox_customer_messages_received on sandbox_customer_messages (received_at);
