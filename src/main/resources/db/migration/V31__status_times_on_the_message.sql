-- A message's status times move onto its row (ADR 0030). Statuses only move forward, so each
-- happens at most once: its time is a column, set by the update that moves the message, instead
-- of a message_status_history row per status. accepted is created_at (the accept wrote both from
-- one value). The row's error (error_code, error_title, error_details) was always the last error
-- a status report carried; error_status names that status, so the history shows the error where
-- it did. Run with the gateways stopped, as every migration here.
alter table messages add column sent_at timestamp with time zone;
alter table messages add column delivered_at timestamp with time zone;
alter table messages add column read_at timestamp with time zone;
alter table messages add column failed_at timestamp with time zone;
alter table messages add column error_status varchar(16);

-- A message still accepted has no history but its accepted row.
update messages set
    sent_at = (select min(h.occurred_at) from message_status_history h
               where h.message_id = messages.id and h.status = 'sent'),
    delivered_at = (select min(h.occurred_at) from message_status_history h
                    where h.message_id = messages.id and h.status = 'delivered'),
    read_at = (select min(h.occurred_at) from message_status_history h
               where h.message_id = messages.id and h.status = 'read'),
    failed_at = (select min(h.occurred_at) from message_status_history h
                 where h.message_id = messages.id and h.status = 'failed'),
    error_status = (select h.status from message_status_history h
                    where h.id = (select max(e.id) from message_status_history e
                                  where e.message_id = messages.id
                                    and (e.error_code is not null or e.error_title is not null)))
where status <> 'accepted';

drop table message_status_history;
