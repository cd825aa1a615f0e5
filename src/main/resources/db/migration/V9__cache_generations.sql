-- One counter per kind of data nodes cache in memory. The transaction that changes such data
-- bumps its counter; every node reads the counters once a second and drops what it cached of a
-- kind whose counter moved, so a change is seen everywhere within about a second of its commit.
create table cache_generations (
    name        varchar(40) primary key,
    generation  bigint      not null
);
insert into cache_generations (name, generation) values ('templates', 0);
