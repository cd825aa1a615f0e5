// Calls to the web pages' JSON API: the session cookie goes along, the CSRF token in its header.
const token = document.querySelector('meta[name="csrf-token"]')?.content;
const tokenHeader = document.querySelector('meta[name="csrf-header"]')?.content;

export class ApiError extends Error {
  constructor(status, problem) {
    super(describe(problem) || `Request failed (${status})`);
    this.status = status;
    this.problem = problem;
  }
}

function describe(problem) {
  if (!problem) return '';
  const errors = problem.errors || [];
  if (errors.length > 0) return errors.map((e) => e.details || e.title).join('; ');
  return problem.detail || problem.title || '';
}

export async function api(method, path, body, headers = {}) {
  const options = { method, headers: { Accept: 'application/json', ...headers }, credentials: 'same-origin' };
  if (method !== 'GET' && token) options.headers[tokenHeader] = token;
  if (body instanceof FormData) {
    options.body = body;
  } else if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  if (response.status === 401) {
    window.location.assign('/signin');
    throw new ApiError(401, { detail: 'Signed out' });
  }
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

// Builds an element; text is always set as text, never parsed as HTML.
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') element.textContent = value;
    else if (name === 'class') element.className = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

let toastTimer;
export function toast(message, isError = false) {
  const box = document.getElementById('toast');
  box.textContent = message;
  box.classList.toggle('error', isError);
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.textContent = ''; }, isError ? 8000 : 3000);
}

export function time(iso) {
  const date = new Date(iso);
  const today = new Date();
  const sameDay = date.toDateString() === today.toDateString();
  return sameDay ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString([], { month: 'short', day: 'numeric' }) + ' ' + date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
