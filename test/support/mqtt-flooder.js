// One MQTT client sending garbage as fast as it can: raw MQTT 3.1.1 QoS 0 PUBLISH packets,
// built ahead and written in batches, waiting only while the socket's buffer is full. No
// client library in the way, so this is the most one client can send. Run as a child process
// (so it does not share an event loop with what it floods):
//   node test/support/mqtt-flooder.js <port> <topic> <seconds> [records per second]
// With a rate it sends no faster than that (a ceiling: a busy machine may give less).
// Prints {"sent": n} once the broker has read every packet (DISCONNECT comes after them).
import { createConnection } from 'node:net';

const [port, topic, seconds, rate] = process.argv.slice(2);
const BATCH = 500;

function lengthBytes(n) {
  const out = [];
  do {
    let digit = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) digit |= 128;
    out.push(digit);
  } while (n > 0);
  return Buffer.from(out);
}
function utf8(s) {
  const b = Buffer.from(s);
  return Buffer.concat([Buffer.from([b.length >> 8, b.length & 255]), b]);
}
function publish(n) {
  const body = Buffer.concat([utf8(topic), Buffer.from(`garbage ${n} \u0001\u0002`)]);
  return Buffer.concat([Buffer.from([0x30]), lengthBytes(body.length), body]);
}

const sock = createConnection({ host: '127.0.0.1', port: Number(port) });
const clientId = utf8(`flooder-${process.pid}`);
const header = Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 2, 0, 60]); // MQTT 3.1.1, clean, keepalive 60 s
sock.write(Buffer.concat([Buffer.from([0x10]), lengthBytes(header.length + clientId.length), header, clientId]));
// The CONNACK may come in more than one piece (aedes writes its bytes one by one).
let connack = Buffer.alloc(0);
const onConnack = (chunk) => {
  connack = Buffer.concat([connack, chunk]);
  if (connack.length < 4) return;
  sock.off('data', onConnack);
  if (connack[0] !== 0x20 || connack[3] !== 0) {
    console.error(`flooder: connection refused (${connack.toString('hex')})`);
    process.exit(1);
  }
  void flood();
};
sock.on('data', onConnack);

async function flood() {
  let sent = 0;
  const start = Date.now();
  const until = start + Number(seconds) * 1000;
  while (Date.now() < until) {
    const packets = [];
    for (let k = 0; k < BATCH; k++) packets.push(publish(sent++));
    if (!sock.write(Buffer.concat(packets))) await new Promise((r) => sock.once('drain', r));
    else await new Promise((r) => setImmediate(r));
    // Ahead of the rate: wait until the records sent so far are due.
    const ahead = rate ? start + (sent / Number(rate)) * 1000 - Date.now() : 0;
    if (ahead > 0) await new Promise((r) => setTimeout(r, ahead));
  }
  sock.end(Buffer.from([0xe0, 0]));
  sock.once('close', () => {
    console.log(JSON.stringify({ sent }));
    process.exit(0);
  });
}
sock.on('error', (err) => {
  console.error(`flooder: ${err.message}`);
  process.exit(1);
});
