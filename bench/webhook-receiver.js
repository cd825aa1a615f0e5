// A webhook receiver for bench/run, on Node so that it costs the gateway's machine little:
// answers every POST 200 at once and counts requests and the distinct events they carried: a
// status as its (id, status) pair, a customer message as its id, in the v1 and the cloud format
// (a request may carry many: max_events_per_request), anything else as its webhook-id.
// GET /count answers {"requests": n, "events": e, "unique": m, "statuses": s, "repeated": r,
// "kinds": {...}} (s: distinct statuses; r: events it had already seen, delivered again; kinds:
// events by status or by the kind of what else came). Usage: node webhook-receiver.js PORT
const http = require('http');

const seen = new Set();
let requests = 0;
let events = 0;
let repeated = 0;
const statuses = new Set();
const kinds = {};

function kind(name) {
  kinds[name] = (kinds[name] || 0) + 1;
}

function see(key) {
  if (seen.has(key)) {
    repeated++;
  }
  seen.add(key);
}

function values(body) {
  if (Array.isArray(body.entry)) {
    return body.entry.flatMap((entry) => (entry.changes || []).map((change) => change.value || {}));
  }
  return [body];
}

function count(webhookId, raw) {
  let body;
  try {
    body = JSON.parse(raw);
  } catch (e) {
    body = {};
  }
  let found = 0;
  for (const value of values(body)) {
    for (const status of value.statuses || []) {
      see(status.id + ' ' + status.status);
      statuses.add(status.id + ' ' + status.status);
      kind(status.status);
      found++;
    }
    for (const message of value.messages || []) {
      see(message.id);
      kind('message ' + message.type);
      found++;
    }
  }
  if (found === 0) {
    see(webhookId);
    kind('other ' + Object.keys(body).join(','));
    found = 1;
  }
  events += found;
}

http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/count') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ requests, events, unique: seen.size, statuses: statuses.size, repeated, kinds }));
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    requests++;
    count(req.headers['webhook-id'], Buffer.concat(chunks).toString('latin1'));
    res.writeHead(200, { 'Content-Length': '0' });
    res.end();
  });
}).listen(Number(process.argv[2]), '127.0.0.1');
