-- Per-channel pacing shared by every gateway process: the next free send slot and the rate the
-- channel currently sends at (its limit, or less while it recovers from a throughput error).
-- Times are epoch microseconds so slot arithmetic is plain integer maths on both databases.
create table channel_pacing (
    channel_id           varchar(40)      primary key,
    next_slot_micros     bigint           not null,
    rate_mps             double precision not null,
    rate_at_micros       bigint           not null,
    throttled_at_micros  bigint           not null
);
