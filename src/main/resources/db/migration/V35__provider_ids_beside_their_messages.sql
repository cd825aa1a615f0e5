-- The provider's id of a sent message lives in its own narrow, insert-only table instead of an
-- indexed column of messages: recording it was an update of the table's widest row that could
-- never be HOT (a copy of the row and an entry in each of its four indexes), and it left the
-- status updates that follow less room on the page. Status reports find their messages through
-- the upstream-id index here; a message's reads find its provider id by the primary key.
create table message_upstream_ids (
    message_id  varchar(40)  primary key,
    upstream_id varchar(128) not null,
    channel_id  varchar(40)  not null
);
create index message_upstream_ids_upstream on message_upstream_ids (upstream_id);

insert into message_upstream_ids (message_id, upstream_id, channel_id)
select id, upstream_id, channel_id from messages where upstream_id is not null;

drop index messages_upstream;
alter table messages drop column upstream_id;
