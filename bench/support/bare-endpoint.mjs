// A bare order endpoint: answers every POST with 201 {orderId, createdAt} at once, no Kafka.
// The anchor the generator and the order service are measured against, in its own process so
// it never shares an event loop with what it measures. Plain JS: forked without a loader.
import http from 'node:http';

let id = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const body = `{"orderId":"bare-${++id}","createdAt":${Date.now()}}`;
    res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
