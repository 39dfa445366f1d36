#!/usr/bin/env node
// Smoke test: does our pinned Kafka broker work with kafkajs 2.2.4 for everything Portwatch uses?
//   node test/brokers/kafka-smoke.js                      # starts its own fresh broker on free ports
//   node test/brokers/kafka-smoke.js --brokers 127.0.0.1:9092   # or KAFKA_BROKERS=...: use a running one
//   add --verbose for kafkajs logs (rebalances log expected ERRORs such as REBALANCE_IN_PROGRESS)
// Checks: 6-partition topic, keyed produce, 2-member consumer group with rebalance, offset commit
// (verified via admin.fetchOffsets), admin.fetchTopicOffsetsByTimestamp + seek, auto topic creation,
// plus listGroups/describeGroups/describeConfigs, idempotent and transactional producers.
// Exits 0 and prints "N passed, 0 failed" when all checks pass.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { freePort } from './free-port.js';
import { KAFKA_VERSION, startKafka } from './kafka-broker.js';

const { Kafka, logLevel } = kafkajs;
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const KAFKAJS_VERSION = createRequire(import.meta.url)('kafkajs/package.json').version;
const argIdx = process.argv.indexOf('--brokers');
let brokersArg = argIdx > 0 ? process.argv[argIdx + 1] : process.env.KAFKA_BROKERS;

const t0 = Date.now();
const say = (m) => console.log(`[smoke +${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
let passed = 0;
let failed = 0;
const check = (name, ok, detail = '') => {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, fn, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await fn()) return true;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

let broker = null;
let tmp = null;
const consumers = [];
let exitCode = 1;
try {
  if (!brokersArg) {
    tmp = mkdtempSync(join(tmpdir(), 'portwatch-kafka-smoke-'));
    const [port, controllerPort] = [await freePort(), await freePort()];
    say(`starting Kafka ${KAFKA_VERSION} on ${port}/${controllerPort}, data ${tmp}`);
    broker = await startKafka({ port, controllerPort, dataDir: tmp, fresh: true, log: (m) => say(m) });
    brokersArg = broker.brokers;
  }
  const kafka = new Kafka({
    clientId: 'portwatch-smoke',
    brokers: brokersArg.split(','),
    logLevel: process.argv.includes('--verbose') ? logLevel.INFO : logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const cluster = await admin.describeCluster();
  check(
    'admin.describeCluster',
    cluster.brokers.length === 1,
    `clusterId ${cluster.clusterId}, brokers ${JSON.stringify(cluster.brokers)}`,
  );

  const topic = `smoke-${Date.now()}`;
  const created = await admin.createTopics({
    topics: [{ topic, numPartitions: 6, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  const meta = await admin.fetchTopicMetadata({ topics: [topic] });
  check(
    'createTopics 6 partitions',
    created && meta.topics[0].partitions.length === 6,
    `partitions=${meta.topics[0].partitions.length}`,
  );

  // --- two-member consumer group: A joins alone, then B joins -> rebalance
  const groupId = `${topic}-g`;
  const received = new Map(); // "p:offset" -> {member, key, value}
  const joins = { A: [], B: [] };
  const mkConsumer = async (name) => {
    const c = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500, rebalanceTimeout: 10_000 });
    consumers.push(c);
    c.on(c.events.GROUP_JOIN, (e) =>
      joins[name].push({
        parts: (e.payload.memberAssignment[topic] ?? []).slice().sort((a, b) => a - b),
      }),
    );
    await c.connect();
    await c.subscribe({ topic, fromBeginning: true });
    await c.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        received.set(`${partition}:${message.offset}`, {
          member: name,
          key: message.key.toString(),
          ts: Number(message.timestamp),
        });
        await c.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      },
    });
    return c;
  };
  await mkConsumer('A');
  await until('member A to join', () => joins.A.length > 0);
  check('member A joined alone', joins.A.at(-1).parts.length === 6, `A=${JSON.stringify(joins.A.at(-1).parts)}`);
  await mkConsumer('B');
  await until(
    'rebalance to 2 members',
    () => joins.B.length > 0 && joins.A.length > 1 && joins.A.at(-1).parts.length < 6,
  );
  const pa = joins.A.at(-1).parts;
  const pb = joins.B.at(-1).parts;
  const union = new Set([...pa, ...pb]);
  check(
    'rebalance: both members own disjoint partitions covering all 6',
    pa.length > 0 && pb.length > 0 && union.size === 6 && pa.length + pb.length === 6,
    `A=${JSON.stringify(pa)} B=${JSON.stringify(pb)} (A joined ${joins.A.length}x)`,
  );

  // --- keyed produce in two batches with explicit timestamps 10 s apart
  const producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: false });
  await producer.connect();
  const base = Date.now() - 60_000;
  const keys = Array.from({ length: 24 }, (_, i) => `gate-${i}`);
  const batch = (n, ts) =>
    Array.from({ length: n }, (_, i) => ({ key: keys[i % keys.length], value: `m${i}`, timestamp: String(ts + i) }));
  const r1 = await producer.send({ topic, messages: batch(60, base) });
  const r2 = await producer.send({ topic, messages: batch(60, base + 10_000) });
  const total = 120;
  check(
    'producer.send keyed messages (acks=all)',
    r1.length > 0 && r2.length > 0 && [...r1, ...r2].every((r) => r.errorCode === 0),
    `${total} messages to ${new Set([...r1, ...r2].map((r) => r.partition)).size} partitions`,
  );

  await until(`all ${total} messages consumed`, () => received.size >= total, 30_000);
  const keyPart = new Map();
  let keyOk = true;
  for (const [po, m] of received) {
    const p = po.split(':')[0];
    if (keyPart.has(m.key) && keyPart.get(m.key) !== p) keyOk = false;
    keyPart.set(m.key, p);
  }
  const byMember = { A: 0, B: 0 };
  for (const m of received.values()) byMember[m.member]++;
  check('group consumed every message once per offset', received.size === total, `A=${byMember.A} B=${byMember.B}`);
  check('same key -> same partition', keyOk, `${keyPart.size} keys over ${new Set(keyPart.values()).size} partitions`);

  // --- committed offsets == high watermarks
  const hw = await admin.fetchTopicOffsets(topic);
  let committed;
  await until(
    'commits visible',
    async () => {
      committed = (await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions;
      // a partition that got no messages has no commit (-1) and high watermark 0
      return committed.every((c) => {
        const high = hw.find((h) => h.partition === c.partition).high;
        return c.offset === high || (high === '0' && c.offset === '-1');
      });
    },
    10_000,
  );
  check('commitOffsets + admin.fetchOffsets', true, committed.map((c) => `${c.partition}:${c.offset}`).join(' '));

  for (const c of consumers.splice(0)) await c.disconnect();

  // --- seek by timestamp: offsets at base+5000 must be the start of batch 2 in every partition
  const byTs = await admin.fetchTopicOffsetsByTimestamp(topic, base + 5000);
  const expected = new Map(hw.map((h) => [h.partition, 0]));
  for (const [po, m] of received)
    if (m.ts < base + 5000) expected.set(Number(po.split(':')[0]), expected.get(Number(po.split(':')[0])) + 1);
  const tsOk = byTs.length === 6 && byTs.every((o) => Number(o.offset) === expected.get(o.partition));
  check('admin.fetchTopicOffsetsByTimestamp', tsOk, byTs.map((o) => `${o.partition}:${o.offset}`).join(' '));

  const seeker = kafka.consumer({ groupId: `${groupId}-seek`, heartbeatInterval: 500 });
  consumers.push(seeker);
  await seeker.connect();
  await seeker.subscribe({ topic, fromBeginning: true });
  const seen = [];
  await seeker.run({
    eachMessage: async ({ message }) => {
      seen.push(Number(message.timestamp));
    },
  });
  for (const o of byTs) seeker.seek({ topic, partition: o.partition, offset: o.offset });
  await until('seeker to read batch 2', () => seen.length >= 60, 30_000);
  await sleep(500);
  check(
    'consumer.seek to timestamp offsets reads only later messages',
    seen.length === 60 && seen.every((ts) => ts >= base + 10_000),
    `${seen.length} messages, min ts offset +${Math.min(...seen) - base} ms`,
  );
  for (const c of consumers.splice(0)) await c.disconnect();

  // --- auto topic creation (auto.create.topics.enable=true, num.partitions=1)
  const autoTopic = `${topic}-auto`;
  const autoProducer = kafka.producer({ allowAutoTopicCreation: true });
  await autoProducer.connect();
  await autoProducer.send({ topic: autoTopic, messages: [{ key: 'k', value: 'v' }] });
  const autoMeta = await admin.fetchTopicMetadata({ topics: [autoTopic] });
  check(
    'auto topic creation',
    autoMeta.topics[0].partitions.length === 1,
    `partitions=${autoMeta.topics[0].partitions.length}`,
  );
  await autoProducer.disconnect();
  await producer.disconnect();

  // --- wider kafkajs surface: group admin, configs, idempotent + transactional producer
  const groups = await admin.listGroups();
  const desc = await admin.describeGroups([groupId]);
  check(
    'admin.listGroups + describeGroups',
    groups.groups.some((g) => g.groupId === groupId) && desc.groups[0].groupId === groupId,
    `${groups.groups.length} groups, state ${desc.groups[0].state}`,
  );
  const cfg = await admin.describeConfigs({
    resources: [{ type: 2 /* TOPIC */, name: topic }],
    includeSynonyms: false,
  });
  check(
    'admin.describeConfigs',
    cfg.resources[0].configEntries.length > 0,
    `${cfg.resources[0].configEntries.length} entries`,
  );
  const idem = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await idem.connect();
  const ri = await idem.send({ topic, messages: [{ key: 'idem', value: 'x' }] });
  await idem.disconnect();
  check('idempotent producer', ri[0].errorCode === 0);
  const txp = kafka.producer({ transactionalId: `${topic}-tx`, idempotent: true, maxInFlightRequests: 1 });
  await txp.connect();
  const tx = await txp.transaction();
  await tx.send({ topic, messages: [{ key: 'tx', value: 'committed' }] });
  await tx.commit();
  const tx2 = await txp.transaction();
  await tx2.send({ topic, messages: [{ key: 'tx', value: 'aborted' }] });
  await tx2.abort();
  await txp.disconnect();
  const reader = kafka.consumer({ groupId: `${groupId}-tx`, readUncommitted: false });
  consumers.push(reader);
  const txSeen = [];
  await reader.connect();
  await reader.subscribe({ topic, fromBeginning: true });
  await reader.run({
    eachMessage: async ({ message }) => {
      if (message.key?.toString() === 'tx') txSeen.push(message.value.toString());
    },
  });
  await until('committed transactional message', () => txSeen.length >= 1, 30_000);
  await sleep(1000);
  check(
    'transactions (commit visible, abort hidden)',
    txSeen.length === 1 && txSeen[0] === 'committed',
    JSON.stringify(txSeen),
  );
  for (const c of consumers.splice(0)) await c.disconnect();
  await admin.deleteTopics({ topics: [topic, autoTopic] });
  await admin.disconnect();
} catch (err) {
  failed++;
  console.log(`FAIL exception — ${err?.stack ?? err}`);
} finally {
  for (const c of consumers) await c.disconnect().catch(() => {});
  if (broker) {
    const s = Date.now();
    await broker.stop();
    say(`broker stopped in ${((Date.now() - s) / 1000).toFixed(1)} s`);
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  console.log(
    `kafka smoke (Kafka ${broker ? broker.version : `at ${brokersArg}`}, kafkajs ${KAFKAJS_VERSION}): ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  console.log(`${passed} passed, ${failed} failed`);
  exitCode = failed === 0 ? 0 : 1;
}
process.exit(exitCode);
