-- Quick replies: an account's saved answers that agents insert into the composer.
create table quick_replies (
    id          varchar(40)   primary key,
    account_id  varchar(40)   not null references accounts (id),
    title       varchar(60)   not null,
    body        varchar(4096) not null,
    created_at  timestamp with time zone not null
);
create index quick_replies_account on quick_replies (account_id, title);
