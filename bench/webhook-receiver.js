// A webhook receiver for bench/run, on Node so that it costs the gateway's machine little:
// answers every POST 200 at once and counts requests and distinct webhook-ids.
// GET /count answers {"requests": n, "unique": m}. Usage: node webhook-receiver.js PORT
const http = require('http');

const seen = new Set();
let requests = 0;

http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/count') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ requests, unique: seen.size }));
    return;
  }
  req.on('data', () => {});
  req.on('end', () => {
    requests++;
    seen.add(req.headers['webhook-id']);
    res.writeHead(200);
    res.end();
  });
}).listen(Number(process.argv[2]), '127.0.0.1');
