-- The "app secret" a business pastes into its Cloud API SDK: when set, X-Hub-Signature-256 is
-- keyed with it (as Meta keys it with the app's secret). Encrypted like the other secrets.
alter table webhook_endpoints add column app_secret_encrypted text;
