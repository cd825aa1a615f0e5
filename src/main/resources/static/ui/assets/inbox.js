import { api, el, toast, time } from './api.js';

const state = {
  userId: document.body.dataset.userId,
  chats: [],
  agents: [],
  openChatId: null,
  conversation: null,
  events: null,
};

const layout = document.getElementById('layout');
const chatList = document.getElementById('chats');
const messagesBox = document.getElementById('messages');
const replyForm = document.getElementById('reply-form');
const replyText = document.getElementById('reply-text');

function show(view) {
  layout.dataset.view = view;
  document.getElementById('details-toggle').setAttribute('aria-expanded', String(view === 'details'));
}

// The 24-hour customer service window, as a countdown.
function windowText(closesAt) {
  if (!closesAt) return { text: 'No customer message yet: templates only', closed: true, short: 'templates only' };
  const left = new Date(closesAt).getTime() - Date.now();
  if (left <= 0) return { text: 'The 24-hour window has closed: templates only', closed: true, short: 'window closed' };
  const hours = Math.floor(left / 3600000);
  const minutes = Math.floor((left % 3600000) / 60000);
  const span = hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`;
  return { text: `Window closes in ${span}`, closed: false, short: `${hours > 0 ? hours + 'h' : minutes + 'm'} left` };
}

function chatName(chat) {
  return chat.profile_name ? `${chat.profile_name} (+${chat.wa_id})` : `+${chat.wa_id}`;
}

async function loadChats() {
  const params = new URLSearchParams({
    state: document.getElementById('state-filter').value,
    assignee: document.getElementById('assignee-filter').value,
  });
  const q = document.getElementById('search').value.trim();
  if (q) params.set('q', q);
  try {
    const answer = await api('GET', `/ui/api/inbox/chats?${params}`);
    state.chats = answer.chats;
    state.agents = answer.agents;
    renderChats();
  } catch (error) {
    toast(error.message, true);
  }
}

function renderChats() {
  const focusedChat = document.activeElement?.dataset?.chatId;
  chatList.replaceChildren(...state.chats.map((chat) => {
    const window = windowText(chat.window_closes_at);
    const assignee = state.agents.find((agent) => agent.id === chat.assigned_user_id);
    const label = `${chatName(chat)}, ${chat.unread} unread, ${window.short}`;
    return el('li', {},
      el('button', {
        type: 'button', 'data-chat-id': chat.id, 'aria-current': chat.id === state.openChatId ? 'true' : 'false',
        'aria-label': label, onclick: () => openChat(chat.id),
      },
      el('span', { class: 'name', text: chatName(chat) }),
      el('span', { class: 'time', text: time(chat.last_activity_at) }),
      el('span', { class: `meta window${window.closed ? ' closed' : ''}`, text: `${window.short} · ${chat.state}${assignee ? ' · ' + assignee.display_name : ''}` }),
      chat.unread > 0 ? el('span', { class: 'unread', text: String(chat.unread), 'data-unread': chat.unread }) : el('span')));
  }));
  document.getElementById('no-chats').hidden = state.chats.length > 0;
  if (focusedChat) chatList.querySelector(`[data-chat-id="${CSS.escape(focusedChat)}"]`)?.focus();
}

async function openChat(chatId) {
  const switching = state.openChatId !== chatId;
  state.openChatId = chatId;
  if (switching) subscribe();
  await loadConversation(true);
  show('chat');
  if (switching) document.getElementById('conversation').focus();
}

async function loadConversation(markRead) {
  if (!state.openChatId) return;
  try {
    const conversation = await api('GET', `/ui/api/inbox/chats/${encodeURIComponent(state.openChatId)}`);
    state.conversation = conversation;
    renderConversation();
    const unread = state.chats.find((chat) => chat.id === state.openChatId)?.unread;
    if (markRead || unread > 0) {
      await api('POST', `/ui/api/inbox/chats/${encodeURIComponent(state.openChatId)}/read`);
      const listed = state.chats.find((chat) => chat.id === state.openChatId);
      if (listed) listed.unread = 0;
      renderChats();
    }
  } catch (error) {
    toast(error.message, true);
  }
}

function renderConversation() {
  const { chat, messages } = state.conversation;
  document.getElementById('chat-title').textContent = chatName(chat);
  renderWindow();
  const atBottom = messagesBox.scrollHeight - messagesBox.scrollTop - messagesBox.clientHeight < 40;
  messagesBox.replaceChildren(...messages.map(renderMessage));
  if (atBottom || messagesBox.dataset.chat !== chat.id) messagesBox.scrollTop = messagesBox.scrollHeight;
  messagesBox.dataset.chat = chat.id;
  document.getElementById('composer').hidden = false;
  renderQuickReplies();
  document.getElementById('details-toggle').hidden = false;
  renderDetails();
  renderChats();
}

function renderWindow() {
  if (!state.conversation) return;
  const window = windowText(state.conversation.chat.window_closes_at);
  const box = document.getElementById('window-state');
  box.textContent = window.text;
  box.classList.toggle('closed', window.closed);
  document.getElementById('session-composer').hidden = window.closed;
  const templateForm = document.getElementById('template-form');
  const wasHidden = templateForm.hidden;
  templateForm.hidden = !window.closed;
  if (window.closed && (wasHidden || templateForm.dataset.chat !== state.conversation.chat.id)) renderTemplates();
}

// The template composer: pick an approved template, fill its variables, see the text.
function renderTemplates() {
  const { chat, templates } = state.conversation;
  const form = document.getElementById('template-form');
  form.dataset.chat = chat.id;
  const select = document.getElementById('template');
  select.replaceChildren(...(templates.length ? templates.map((template, index) => el('option', {
    value: String(index), text: `${template.name} (${template.language}, ${template.category.toLowerCase()})`,
  })) : [el('option', { value: '', text: 'No approved template on this channel' })]));
  form.querySelector('button[type="submit"]').disabled = templates.length === 0;
  renderTemplateValues();
}

function chosenTemplate() {
  const index = document.getElementById('template').value;
  return index === '' ? null : state.conversation.templates[Number(index)];
}

function renderTemplateValues() {
  const template = chosenTemplate();
  const fieldset = document.getElementById('template-values');
  const preview = document.getElementById('template-preview');
  if (!template) {
    fieldset.hidden = true;
    preview.textContent = '';
    return;
  }
  const inputs = [];
  for (let i = 1; i <= template.header_params; i++) inputs.push(['header', i]);
  for (let i = 1; i <= template.body_params; i++) inputs.push(['body', i]);
  fieldset.replaceChildren(el('legend', { text: 'Variables' }), ...inputs.map(([part, i]) => {
    const id = `template-${part}-${i}`;
    return el('div', {}, el('label', { for: id, text: `${part === 'header' ? 'Header' : 'Body'} {{${i}}}` }),
      el('input', { id, 'data-part': part, 'data-index': i, required: true, oninput: updatePreview }));
  }));
  fieldset.hidden = inputs.length === 0;
  updatePreview();
}

function updatePreview() {
  const template = chosenTemplate();
  if (!template) return;
  const fill = (text, part) => (text || '').replace(/\{\{(\d+)\}\}/g, (match, number) => {
    const input = document.querySelector(`#template-values input[data-part="${part}"][data-index="${number}"]`);
    return input && input.value ? input.value : match;
  });
  document.getElementById('template-preview').textContent = [fill(template.header_text, 'header'), fill(template.body_text, 'body')].filter(Boolean).join('\n\n');
}

document.getElementById('template').addEventListener('change', renderTemplateValues);
document.getElementById('template-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const template = chosenTemplate();
  if (!template) return;
  const values = (part) => [...document.querySelectorAll(`#template-values input[data-part="${part}"]`)].map((input) => input.value);
  const button = event.target.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    await api('POST', `/ui/api/inbox/chats/${encodeURIComponent(state.openChatId)}/templates`, {
      name: template.name, language: template.language, header_values: values('header'), body_values: values('body'),
    }, { 'Idempotency-Key': newIdempotencyKey() });
    toast(`Template ${template.name} sent`);
    renderTemplateValues();
    await loadConversation(false);
  } catch (error) {
    toast(error.message, true);
  } finally {
    button.disabled = false;
  }
});

const STATUS_WORDS = { accepted: 'Queued', sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Failed' };
const TICKS = { accepted: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '!' };

function renderMessage(message) {
  const item = el('li', { class: `message ${message.direction}`, 'data-message-id': message.id, 'data-type': message.type });
  item.append(...describeContent(message));
  const foot = el('div', { class: 'foot' }, el('span', { text: time(message.at) }));
  if (message.direction === 'out') {
    item.dataset.status = message.status;
    foot.append(el('span', { class: `ticks ${message.status}`, 'aria-hidden': 'true', text: TICKS[message.status] || '' }),
      el('span', { class: 'status-word', text: STATUS_WORDS[message.status] || message.status }));
  }
  item.append(foot);
  if (message.error) {
    item.append(el('p', { class: 'error', text: `Not delivered: ${message.error.title} (WhatsApp error ${message.error.code})${message.error.details ? ': ' + message.error.details : ''}` }));
  }
  return item;
}

function mediaUrl(id) {
  return `/ui/api/inbox/media/${encodeURIComponent(id)}`;
}

// What a message says, by its type; every text goes in as text.
function describeContent(message) {
  const content = message.content || {};
  const type = message.type;
  const part = content[type] || {};
  switch (type) {
    case 'text':
      return [el('div', { class: 'body', text: part.body || '' })];
    case 'image': case 'video': case 'audio': case 'document': case 'sticker': {
      const nodes = [el('div', { class: 'kind', text: type === 'sticker' ? 'Sticker' : type[0].toUpperCase() + type.slice(1) })];
      if (part.id && String(part.id).startsWith('media_')) {
        const url = mediaUrl(part.id);
        if (type === 'image' || type === 'sticker') nodes.push(el('img', { src: url, alt: part.caption || `${type} from the chat` }));
        else if (type === 'video') nodes.push(el('video', { src: url, controls: true }));
        else if (type === 'audio') nodes.push(el('audio', { src: url, controls: true }));
        else nodes.push(el('a', { href: url, download: part.filename || '', text: part.filename || 'Download the document' }));
      } else if (part.link) {
        nodes.push(el('div', { class: 'body', text: part.link }));
      } else if (part.id) {
        nodes.push(el('div', { class: 'body', text: `Media ${part.id}` }));
      }
      if (part.caption) nodes.push(el('div', { class: 'body', text: part.caption }));
      return nodes;
    }
    case 'location':
      return [el('div', { class: 'kind', text: 'Location' }),
        el('div', { class: 'body', text: [part.name, part.address, `${part.latitude}, ${part.longitude}`].filter(Boolean).join('\n') })];
    case 'contacts':
      return [el('div', { class: 'kind', text: 'Contacts' }),
        ...(Array.isArray(content.contacts) ? content.contacts : []).map((contact) => el('div', {
          class: 'body',
          text: [contact.name?.formatted_name, ...(contact.phones || []).map((phone) => phone.phone)].filter(Boolean).join(' · '),
        }))];
    case 'reaction':
      return [el('div', { class: 'kind', text: 'Reaction' }), el('div', { class: 'body', text: part.emoji ? `Reacted ${part.emoji}` : 'Removed a reaction' })];
    case 'button':
      return [el('div', { class: 'kind', text: 'Button pressed' }), el('div', { class: 'body', text: part.text || part.payload || '' })];
    case 'interactive': {
      if (part.button_reply) return [el('div', { class: 'kind', text: 'Button reply' }), el('div', { class: 'body', text: part.button_reply.title })];
      if (part.list_reply) {
        return [el('div', { class: 'kind', text: 'List reply' }),
          el('div', { class: 'body', text: [part.list_reply.title, part.list_reply.description].filter(Boolean).join('\n') })];
      }
      const buttons = (part.action?.buttons || []).map((button) => button.reply?.title).filter(Boolean);
      return [el('div', { class: 'kind', text: `Interactive ${part.type || ''}`.trim() }),
        el('div', { class: 'body', text: [part.body?.text, buttons.length ? `[${buttons.join('] [')}]` : ''].filter(Boolean).join('\n') })];
    }
    case 'template': {
      const params = (part.components || []).flatMap((component) => (component.parameters || []).map((parameter) => parameter.text)).filter(Boolean);
      return [el('div', { class: 'kind', text: `Template ${part.name} (${part.language?.code || part.language || ''})` }),
        params.length ? el('div', { class: 'body', text: params.join(' · ') }) : null].filter(Boolean);
    }
    default:
      return [el('div', { class: 'kind', text: type })];
  }
}

function renderDetails() {
  const { chat, fields, agents } = state.conversation;
  document.getElementById('details-body').hidden = false;
  document.getElementById('detail-number').textContent = `+${chat.wa_id}`;
  document.getElementById('detail-state').textContent = chat.state === 'open' ? 'Open' : 'Closed';
  const assignee = document.getElementById('assignee');
  assignee.replaceChildren(el('option', { value: '', text: 'Nobody' }),
    ...agents.map((agent) => el('option', { value: agent.id, text: agent.id === state.userId ? `${agent.display_name} (me)` : agent.display_name })));
  assignee.value = chat.assigned_user_id || '';
  const toggle = document.getElementById('state-toggle');
  toggle.textContent = chat.state === 'open' ? 'Close the chat' : 'Reopen the chat';
  const form = document.getElementById('fields-form');
  if (form.contains(document.activeElement) && form.dataset.chat === chat.id) return;
  form.dataset.chat = chat.id;
  form.replaceChildren(...fields.map(fieldInput));
  document.getElementById('no-fields').hidden = fields.length > 0;
}

const INPUT_TYPES = { number: 'number', date: 'date', email: 'email', phone: 'tel', url: 'url', text: 'text' };

function fieldInput(field) {
  const id = `field-${field.id}`;
  if (field.type === 'boolean') {
    const select = el('select', { id, 'data-field-id': field.id },
      el('option', { value: '', text: '(not set)' }), el('option', { value: 'true', text: 'Yes' }), el('option', { value: 'false', text: 'No' }));
    select.value = field.value || '';
    return el('div', { class: 'field' }, el('label', { for: id, text: field.name }), el('div', { class: 'inline' }, select, saveButton(field)));
  }
  const input = el('input', { id, type: INPUT_TYPES[field.type] || 'text', value: field.value || '', 'data-field-id': field.id, step: field.type === 'number' ? 'any' : undefined });
  return el('div', { class: 'field' }, el('label', { for: id, text: `${field.name} (${field.type})` }), el('div', { class: 'inline' }, input, saveButton(field)));
}

function saveButton(field) {
  return el('button', {
    type: 'button', text: 'Save', 'aria-label': `Save ${field.name}`,
    onclick: async (event) => {
      const input = event.target.closest('.field').querySelector('[data-field-id]');
      try {
        await api('PUT', `/ui/api/inbox/chats/${encodeURIComponent(state.openChatId)}/fields/${encodeURIComponent(field.id)}`, { value: input.value });
        toast(`${field.name} saved`);
        document.getElementById('fields-form').dataset.chat = '';
        await loadConversation(false);
      } catch (error) {
        toast(error.message, true);
      }
    },
  });
}

function renderQuickReplies() {
  const select = document.getElementById('quick-reply');
  const replies = state.conversation.quick_replies;
  select.replaceChildren(el('option', { value: '', text: replies.length ? 'Insert a quick reply…' : 'No quick replies yet' }),
    ...replies.map((reply) => el('option', { value: reply.id, text: reply.title })));
}

document.getElementById('quick-reply').addEventListener('change', (event) => {
  const reply = state.conversation.quick_replies.find((candidate) => candidate.id === event.target.value);
  if (reply) {
    replyText.value = reply.body;
    replyText.focus();
  }
  event.target.value = '';
});

document.getElementById('save-quick-reply').addEventListener('click', async () => {
  const body = replyText.value;
  if (!body.trim()) {
    toast('Write the reply first, then save it as a quick reply', true);
    return;
  }
  const title = window.prompt('A short title for this quick reply', body.slice(0, 40));
  if (!title) return;
  try {
    await api('POST', '/ui/api/inbox/quick-replies', { title, body });
    toast('Quick reply saved');
    await loadConversation(false);
  } catch (error) {
    toast(error.message, true);
  }
});

document.getElementById('attach-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.getElementById('attachment');
  if (!input.files.length) {
    toast('Choose a file first', true);
    return;
  }
  const form = new FormData();
  form.append('file', input.files[0]);
  if (replyText.value.trim()) form.append('caption', replyText.value);
  const button = event.target.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    await api('POST', `/ui/api/inbox/chats/${encodeURIComponent(state.openChatId)}/attachments`, form,
      { 'Idempotency-Key': newIdempotencyKey() });
    input.value = '';
    replyText.value = '';
    await loadConversation(false);
  } catch (error) {
    toast(error.message, true);
  } finally {
    button.disabled = false;
  }
});

function newIdempotencyKey() {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

replyForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = replyText.value;
  if (!text.trim()) return;
  const button = replyForm.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    await api('POST', `/ui/api/inbox/chats/${encodeURIComponent(state.openChatId)}/messages`, { text },
      { 'Idempotency-Key': newIdempotencyKey() });
    replyText.value = '';
    await loadConversation(false);
  } catch (error) {
    toast(error.message, true);
  } finally {
    button.disabled = false;
  }
});

replyText.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) replyForm.requestSubmit();
});

document.getElementById('assignee').addEventListener('change', async (event) => {
  try {
    await api('PUT', `/ui/api/inbox/chats/${encodeURIComponent(state.openChatId)}/assignee`, { user_id: event.target.value || null });
    toast('Assignment saved');
    await Promise.all([loadConversation(false), loadChats()]);
  } catch (error) {
    toast(error.message, true);
  }
});

document.getElementById('state-toggle').addEventListener('click', async () => {
  const next = state.conversation.chat.state === 'open' ? 'closed' : 'open';
  try {
    await api('PUT', `/ui/api/inbox/chats/${encodeURIComponent(state.openChatId)}/state`, { state: next });
    toast(next === 'closed' ? 'Chat closed' : 'Chat reopened');
    await Promise.all([loadConversation(false), loadChats()]);
  } catch (error) {
    toast(error.message, true);
  }
});

document.getElementById('back').addEventListener('click', () => show('list'));
document.getElementById('details-toggle').addEventListener('click', () => show(layout.dataset.view === 'details' ? 'chat' : 'details'));
document.getElementById('filters').addEventListener('submit', (event) => { event.preventDefault(); loadChats(); });
document.getElementById('state-filter').addEventListener('change', loadChats);
document.getElementById('assignee-filter').addEventListener('change', loadChats);
let searchTimer;
document.getElementById('search').addEventListener('input', () => { clearTimeout(searchTimer); searchTimer = setTimeout(loadChats, 250); });

// Live updates: the server says what changed; the page reads it again.
function subscribe() {
  if (state.events) state.events.close();
  document.body.dataset.live = 'connecting';
  const query = state.openChatId ? `?chat=${encodeURIComponent(state.openChatId)}` : '';
  const events = new EventSource(`/ui/api/inbox/events${query}`);
  // Whatever changed while the stream was not yet (or no longer) connected was never
  // announced: read the page again on every connect, then say it is live.
  events.addEventListener('ready', async () => {
    await Promise.allSettled([loadChats(), loadConversation(false)]);
    document.body.dataset.live = 'connected';
  });
  events.addEventListener('inbox', () => { loadChats(); loadConversation(false); });
  events.addEventListener('chat', () => loadConversation(false));
  events.onerror = () => { document.body.dataset.live = 'reconnecting'; };
  state.events = events;
}

setInterval(() => { renderWindow(); if (state.chats.length) renderChats(); }, 30000);
loadChats();
subscribe();
