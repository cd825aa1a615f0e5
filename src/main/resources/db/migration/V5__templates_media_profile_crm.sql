-- Templates, media, business profile and compliance info, CRM custom fields.
-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode (bytea is an alias of varbinary there).

-- Message templates of a channel. status holds Meta's (Cloud API) upper-case value; the
-- 360dialog v1 list renders it in lower case. The parameter counts are derived from the
-- components at creation, so a send is checked without parsing them again.
create table templates (
    id                  varchar(40)  primary key,
    channel_id          varchar(40)  not null references channels (id),
    name                varchar(512) not null,
    language            varchar(20)  not null,
    category            varchar(20)  not null,
    requested_category  varchar(40)  not null,
    components          text         not null,
    status              varchar(20)  not null,
    rejected_reason     varchar(40),
    body_params         integer      not null,
    header_params       integer      not null,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    constraint templates_channel_name_language unique (channel_id, name, language)
);

-- The sandbox's durable review queue: one row per template awaiting its verdict.
create table template_reviews (
    template_id  varchar(40) primary key,
    due_at       timestamp with time zone not null
);
create index template_reviews_due on template_reviews (due_at);

create table media (
    id          varchar(40)  primary key,
    channel_id  varchar(40)  not null references channels (id),
    mime_type   varchar(255) not null,
    file_size   bigint       not null,
    sha256      varchar(64)  not null,
    filename    varchar(255),
    content     bytea        not null,
    created_at  timestamp with time zone not null
);
create index media_channel on media (channel_id);

create table business_profiles (
    channel_id        varchar(40)  primary key references channels (id),
    address           varchar(256),
    description       varchar(512),
    email             varchar(128),
    vertical          varchar(40),
    websites          text,
    about             varchar(139),
    photo             bytea,
    photo_mime_type   varchar(40),
    updated_at        timestamp with time zone not null
);

-- India compliance info, kept as the normalised JSON document the API returns.
create table compliance_info (
    channel_id  varchar(40) primary key references channels (id),
    document    text        not null,
    updated_at  timestamp with time zone not null
);

create table custom_fields (
    id           varchar(40)  primary key,
    channel_id   varchar(40)  not null references channels (id),
    name         varchar(100) not null,
    type         varchar(20)  not null,
    description  varchar(500),
    created_at   timestamp with time zone not null,
    constraint custom_fields_channel_name unique (channel_id, name)
);

create table chat_custom_field_values (
    chat_id     varchar(40)   not null references chats (id),
    field_id    varchar(40)   not null references custom_fields (id),
    field_value varchar(1000) not null,
    updated_at  timestamp with time zone not null,
    primary key (chat_id, field_id)
);
create index chat_custom_field_values_field on chat_custom_field_values (field_id);
