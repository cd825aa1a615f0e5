-- The web inbox and console: people who sign in, their sessions (shared by every gateway node),
-- the customers' messages as the inbox shows them, and what agents do with a chat.

-- Users of an account (role agent or admin) and operators (role operator, no account).
-- Passwords are kept only as a slow hash (Spring Security's {bcrypt} encoding).
create table users (
    id               varchar(40)  primary key,
    account_id       varchar(40)  references accounts (id),
    email            varchar(254) not null,
    display_name     varchar(100) not null,
    role             varchar(16)  not null,
    password_hash    varchar(200) not null,
    failed_sign_ins  integer      not null default 0,
    locked_until     timestamp with time zone,
    created_at       timestamp with time zone not null,
    constraint users_email unique (email)
);
create index users_account on users (account_id);

-- Spring Session JDBC's tables (its PostgreSQL schema; H2 reads bytea as varbinary).
create table spring_session (
    primary_id             char(36)     not null,
    session_id             char(36)     not null,
    creation_time          bigint       not null,
    last_access_time       bigint       not null,
    max_inactive_interval  integer      not null,
    expiry_time            bigint       not null,
    principal_name         varchar(100),
    constraint spring_session_pk primary key (primary_id)
);
create unique index spring_session_ix1 on spring_session (session_id);
create index spring_session_ix2 on spring_session (expiry_time);
create index spring_session_ix3 on spring_session (principal_name);

create table spring_session_attributes (
    session_primary_id  char(36)     not null,
    attribute_name      varchar(200) not null,
    attribute_bytes     bytea        not null,
    constraint spring_session_attributes_pk primary key (session_primary_id, attribute_name),
    constraint spring_session_attributes_fk foreign key (session_primary_id)
        references spring_session (primary_id) on delete cascade
);

-- Every customer message as it arrived (the Cloud API message object), so a chat's history
-- can be shown both ways. The provider's id is unique per channel: a redelivery is the same message.
create table customer_messages (
    id           varchar(40)  primary key,
    channel_id   varchar(40)  not null,
    wa_id        varchar(20)  not null,
    upstream_id  varchar(128) not null,
    type         varchar(20)  not null,
    content      text         not null,
    received_at  timestamp with time zone not null,
    constraint customer_messages_upstream unique (channel_id, upstream_id)
);
create index customer_messages_chat on customer_messages (channel_id, wa_id, received_at);
create index customer_messages_channel on customer_messages (channel_id, received_at);

-- What the inbox does with a chat: who handles it, whether it is open, when an agent last read it,
-- and when any of that last changed (live updates look for it).
alter table chats add column assigned_user_id varchar(40);
alter table chats add column state varchar(16) default 'open' not null;
alter table chats add column agent_read_at timestamp with time zone;
alter table chats add column changed_at timestamp with time zone;
create index chats_channel_changed on chats (channel_id, changed_at);

-- A conversation's outbound messages, in order.
create index messages_conversation on messages (channel_id, recipient, created_at);
