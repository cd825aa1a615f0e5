-- Templates carry the provider's id (Meta's hsm_id) and quality score; imported ones have no
-- requested category of their own, so it is the category.
alter table templates add column provider_template_id varchar(64);
alter table templates add column quality_score varchar(20);
create index templates_provider_id on templates (provider_template_id);

-- The sandbox plays Meta's side of templates: its own catalogue per channel, reviewed after a
-- delay (review_due_at, claimed with SKIP LOCKED) like WhatsApp Manager's.
create table sandbox_templates (
    provider_template_id  varchar(64)  primary key,
    channel_id            varchar(40)  not null,
    name                  varchar(512) not null,
    language              varchar(20)  not null,
    category              varchar(20)  not null,
    components            text         not null,
    status                varchar(20)  not null,
    rejected_reason       varchar(40),
    review_due_at         timestamp with time zone,
    constraint sandbox_templates_channel_name_language unique (channel_id, name, language)
);
create index sandbox_templates_review_due on sandbox_templates (review_due_at);

-- What the sandbox held so far lived in templates and template_reviews.
insert into sandbox_templates (provider_template_id, channel_id, name, language, category, components, status,
                               rejected_reason, review_due_at)
select t.id, t.channel_id, t.name, t.language, t.category, t.components, t.status, t.rejected_reason, r.due_at
from templates t join channels c on c.id = t.channel_id
left join template_reviews r on r.template_id = t.id
where c.provider = 'sandbox';
update templates set provider_template_id = id
where channel_id in (select id from channels where provider = 'sandbox');
drop table template_reviews;
