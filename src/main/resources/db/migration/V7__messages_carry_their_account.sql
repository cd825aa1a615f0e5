-- A message row carries its account, so the messaging module publishes status changes
-- without reading the accounts module's channels table (ADR 0009's module faces).
alter table messages add column account_id varchar(40);
update messages set account_id = (select c.account_id from channels c where c.id = messages.channel_id);
alter table messages alter column account_id set not null;
