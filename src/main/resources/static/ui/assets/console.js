import { api, el, toast, time } from './api.js';

const state = { accountId: null, account: null, channelId: null, operator: false };
const byId = (id) => document.getElementById(id);

// A key or password is shown once, here, and never again.
function showSecret(label, value) {
  const box = byId('secret');
  box.replaceChildren(el('strong', { text: `${label} (shown once: copy it now) ` }), el('code', { 'data-secret': '', text: value }));
  box.hidden = false;
  box.focus();
}

function cell(text) { return el('td', { text: text ?? '' }); }

async function loadAccounts() {
  const answer = await api('GET', '/ui/api/console/accounts');
  state.operator = answer.operator;
  byId('new-account').hidden = !answer.operator;
  const select = byId('account');
  select.replaceChildren(...answer.accounts.map((account) => el('option', { value: account.id, text: `${account.name} (${account.id})` })));
  if (!state.accountId || !answer.accounts.some((account) => account.id === state.accountId)) state.accountId = answer.accounts[0]?.id || null;
  if (state.accountId) select.value = state.accountId;
  await loadAccount();
}

async function loadAccount() {
  if (!state.accountId) return;
  state.account = await api('GET', `/ui/api/console/accounts/${encodeURIComponent(state.accountId)}`);
  const { channels, users } = state.account;
  byId('channels').replaceChildren(...channels.map(channelRow));
  byId('keys').replaceChildren(...channels.flatMap((view) => view.api_keys.map((key) => keyRow(view.channel, key))));
  byId('users').replaceChildren(...users.map((user) => el('tr', {}, cell(user.display_name), cell(user.email), cell(user.role))));
  const select = byId('channel');
  select.replaceChildren(...channels.map((view) => el('option', { value: view.channel.id, text: `+${view.channel.display_phone_number} (${view.channel.provider})` })));
  if (!channels.some((view) => view.channel.id === state.channelId)) state.channelId = channels[0]?.channel.id || null;
  if (state.channelId) select.value = state.channelId;
  await loadChannel();
}

function channelRow(view) {
  const { channel } = view;
  const throughput = el('input', { type: 'number', min: 1, max: 1000, value: channel.throughput_mps, 'aria-label': `Throughput of +${channel.display_phone_number}` });
  const policy = el('select', { 'aria-label': `Window policy of +${channel.display_phone_number}` },
    el('option', { value: 'gateway', text: 'gateway enforces' }), el('option', { value: 'provider', text: 'left to provider' }));
  policy.value = channel.window_policy;
  return el('tr', { 'data-channel-id': channel.id },
    cell(`+${channel.display_phone_number}`), cell(channel.provider), el('td', {}, throughput), el('td', {}, policy),
    el('td', { 'data-queue-depth': '', text: String(view.queue_depth) }), cell(`${view.queue_lag_seconds.toFixed(1)} s`),
    cell(view.paced_mps != null ? `${view.paced_mps.toFixed(1)} msg/s` : 'idle'), cell(view.webhook_url || 'none'),
    el('td', { class: 'actions' },
      el('button', { type: 'button', text: 'Save pacing', onclick: () => saveChannel(channel.id, throughput.value, policy.value) }),
      el('button', { type: 'button', text: 'Issue a key', onclick: () => issueKey(channel.id) })));
}

function keyRow(channel, key) {
  const state = key.revoked_at ? `revoked ${time(key.revoked_at)}` : key.expires_at ? `expires ${time(key.expires_at)}` : 'active';
  return el('tr', { 'data-key-id': key.id },
    cell(`+${channel.display_phone_number}`), el('td', {}, el('code', { text: `${key.prefix}_…` })), cell(time(key.created_at)), cell(state),
    el('td', { class: 'actions' }, key.revoked_at ? null : [
      el('button', { type: 'button', text: 'Rotate', 'aria-label': `Rotate key ${key.prefix}`, onclick: () => keyAction('POST', `/ui/api/console/api-keys/${key.id}/rotate`, 'New API key') }),
      el('button', { type: 'button', class: 'danger', text: 'Revoke', 'aria-label': `Revoke key ${key.prefix}`, onclick: () => keyAction('DELETE', `/ui/api/console/api-keys/${key.id}`) }),
    ]));
}

async function keyAction(method, path, secretLabel) {
  try {
    const answer = await api(method, path);
    if (secretLabel) showSecret(secretLabel, answer.api_key);
    else toast('Key revoked');
    await loadAccount();
  } catch (error) { toast(error.message, true); }
}

async function issueKey(channelId) {
  await keyAction('POST', `/ui/api/console/channels/${channelId}/api-keys`, 'New API key');
}

async function saveChannel(channelId, throughput, policy) {
  try {
    await api('PATCH', `/ui/api/console/channels/${channelId}`, { throughput_mps: Number(throughput), window_policy: policy });
    toast('Pacing saved');
    await loadAccount();
  } catch (error) { toast(error.message, true); }
}

async function loadChannel() {
  if (!state.channelId) return;
  const [webhook, templates] = await Promise.all([
    api('GET', `/ui/api/console/channels/${state.channelId}/webhook`),
    api('GET', `/ui/api/console/channels/${state.channelId}/templates`),
  ]);
  byId('webhook-url').textContent = webhook.url ? `Delivers to ${webhook.url}` : 'No webhook is set for this channel.';
  byId('events').replaceChildren(...webhook.events.map((event) => el('tr', { 'data-event-id': event.id, 'data-state': event.state },
    el('td', {}, el('code', { text: event.id })), cell(event.type), cell(event.wa_id ? `+${event.wa_id}` : ''), cell(event.state), cell(String(event.attempts)),
    cell(event.last_attempt_at ? time(event.last_attempt_at) : ''),
    el('td', {}, el('button', { type: 'button', text: 'Replay', 'aria-label': `Replay ${event.id}`, onclick: () => replay(event.id) })))));
  byId('attempts').replaceChildren(...webhook.attempts.map((attempt) => el('tr', {},
    cell(time(attempt.attempted_at)), el('td', {}, el('code', { text: attempt.event_id })), cell(String(attempt.attempt)),
    cell(attempt.status_code != null ? String(attempt.status_code) : '—'), cell(`${attempt.latency_ms} ms`), cell(attempt.outcome), cell(attempt.error))));
  byId('templates').replaceChildren(...templates.templates.map((template) => el('tr', {},
    cell(template.name), cell(template.language), cell(template.category),
    cell(template.status.toLowerCase() + (template.rejected_reason ? ` (${template.rejected_reason})` : '')), cell(template.body_text))));
  const sandbox = state.account.channels.find((view) => view.channel.id === state.channelId)?.channel.provider === 'sandbox';
  byId('faults').hidden = !sandbox;
}

async function replay(eventId) {
  try {
    await api('POST', `/ui/api/console/channels/${state.channelId}/webhook/events/${encodeURIComponent(eventId)}/replay`);
    toast('Queued for delivery again');
    await loadChannel();
  } catch (error) { toast(error.message, true); }
}

byId('account').addEventListener('change', (event) => { state.accountId = event.target.value; loadAccount(); });
byId('channel').addEventListener('change', (event) => { state.channelId = event.target.value; loadChannel(); });

byId('new-account').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const answer = await api('POST', '/ui/api/console/accounts', { name: byId('new-account-name').value, phone_number: byId('new-account-number').value, provider: 'sandbox' });
    state.accountId = answer.account.id;
    showSecret(`API key of ${answer.account.name}`, answer.api_key);
    event.target.reset();
    await loadAccounts();
  } catch (error) { toast(error.message, true); }
});

byId('new-channel').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const answer = await api('POST', `/ui/api/console/accounts/${state.accountId}/channels`, {
      phone_number: byId('new-channel-number').value, provider: byId('new-channel-provider').value,
      phone_number_id: byId('new-channel-pnid').value, waba_id: byId('new-channel-waba').value, access_token: byId('new-channel-token').value,
    });
    showSecret(`API key of +${answer.channel.display_phone_number}`, answer.api_key);
    event.target.reset();
    await loadAccount();
  } catch (error) { toast(error.message, true); }
});

byId('faults').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await api('PUT', `/ui/api/console/channels/${state.channelId}/sandbox-faults`, { error_code: Number(byId('fault-code').value), count: Number(byId('fault-count').value) });
    toast('Faults injected');
  } catch (error) { toast(error.message, true); }
});

byId('invite').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const answer = await api('POST', `/ui/api/console/accounts/${state.accountId}/users`, { display_name: byId('invite-name').value, email: byId('invite-email').value, role: byId('invite-role').value });
    showSecret(`Password of ${answer.user.email}`, answer.password);
    event.target.reset();
    await loadAccount();
  } catch (error) { toast(error.message, true); }
});

byId('secret').tabIndex = -1;
loadAccounts().catch((error) => toast(error.message, true));
setInterval(() => loadAccount().catch(() => {}), 10000);
