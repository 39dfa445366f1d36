// The Kafka pipeline against what a bare kafkajs service does with the same records, in one
// run: a passthrough (consume, JSON.parse, produce each record to another topic) against the
// ingest pipeline (consume, decode, normalize, locate, produce indicators). Then two worker
// processes in one group against one. Both produce to the same broker, so the ratio is the
// pipeline's own cost on top of a Kafka service that does the least useful work.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { eveRecord } from '../../../test/support/records.ts';
import type { BenchSuite } from '../bench-suite.ts';
import { startKafkaIngest } from './kafka-ingest.ts';

const N = Number(process.env.BENCH_KAFKA_N ?? 100_000);
const PARTITIONS = 4;
const TOPIC = 'valencia.suricata.eve';
/** KafkaBus's partitions of Portwatch's own topics (the indicators topic among them). */
const OUT_PARTITIONS = 6;

async function waitFor(check: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function fill(kafka: Kafka, topic: string) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const base = Date.now() - 3_600_000;
  for (let i = 0; i < N; i += 1000)
    await producer.send({
      topic,
      messages: Array.from({ length: 1000 }, (_, k) => ({
        partition: (i + k) % PARTITIONS,
        value: eveRecord(i + k, base),
      })),
    });
  await producer.disconnect();
}

/** Throughput and the process's CPU time (every thread) per record, from the first batch on. */
interface Run {
  rate: number;
  cpuMicros: number;
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function passthrough(kafka: Kafka, from: string, to: string): Promise<Run> {
  const admin = kafka.admin();
  await admin.connect();
  // As many partitions as the pipeline's indicators topic, which it produces to.
  await admin.createTopics({ topics: [{ topic: to, numPartitions: OUT_PARTITIONS, replicationFactor: 1 }] });
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `${to}-group` });
  // The pipeline's producer settings: acks from every in-sync replica, not idempotent, no compression.
  const producer = kafka.producer();
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topics: [from], fromBeginning: true });
  let done = 0;
  let t0 = 0;
  let cpu0 = 0;
  await consumer.run({
    eachBatch: async ({ batch }) => {
      if (!t0) {
        t0 = performance.now();
        cpu0 = cpuNow();
      }
      const out = batch.messages.map((m) => {
        const doc = JSON.parse(m.value!.toString('utf8')) as object;
        return { key: m.key, value: JSON.stringify(doc) };
      });
      await producer.send({ topic: to, acks: -1, compression: CompressionTypes.None, messages: out });
      done += out.length;
    },
  });
  try {
    await waitFor(() => done >= N, 300_000, 'the passthrough');
    return { rate: (N / (performance.now() - t0)) * 1000, cpuMicros: (cpuNow() - cpu0) / N };
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
}

async function pipelineInProcess(brokers: string[], ns: string): Promise<Run> {
  const run = await startKafkaIngest(brokers, ns, `bench-pipe-${Date.now()}`);
  try {
    await waitFor(() => run.produced() >= N, 300_000, 'the pipeline');
    return {
      rate: (N / (performance.now() + performance.timeOrigin - run.firstBatchAt())) * 1000,
      cpuMicros: (cpuNow() - run.cpuAtFirstBatch()) / N,
    };
  } finally {
    await run.stop();
  }
}

/** `workers` child processes in one consumer group, each a whole worker (Kafka client + decode threads). */
async function workerProcesses(brokers: string[], ns: string, workers: number): Promise<number> {
  const group = `bench-procs-${workers}-${Date.now()}`;
  const child = fileURLToPath(new URL('./kafka-ingest.ts', import.meta.url));
  const state = Array.from({ length: workers }, () => ({ produced: 0, first: 0 }));
  const procs = state.map((s, i) => {
    const p = fork(child, [brokers.join(','), ns, group], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
    p.on('message', (m: { produced: number; first: number }) => Object.assign(state[i], m));
    return p;
  });
  try {
    await waitFor(() => state.reduce((a, s) => a + s.produced, 0) >= N, 300_000, `${workers} worker process(es)`);
    const first = Math.min(...state.filter((s) => s.first).map((s) => s.first));
    return (N / (Date.now() - first)) * 1000;
  } finally {
    for (const p of procs) p.send('stop');
    await Promise.all(procs.map((p) => new Promise((r) => p.once('exit', r))));
  }
}

export const suite: BenchSuite = {
  name: 'kafka',
  description: `Kafka pipeline vs a kafkajs passthrough (consume, JSON.parse, produce) on ${N} Suricata EVE records, ${PARTITIONS} partitions; then 2 worker processes vs 1`,
  needs: ['Kafka broker'],
  async run(report, log) {
    const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
    const ns = `benchk${Date.now().toString(36)}`;
    const kafka = new Kafka({ brokers, clientId: 'bench-kafka', logLevel: logLevel.NOTHING });
    log(`writing ${N} EVE records`);
    await fill(kafka, `${ns}.${TOPIC}`);
    log('kafkajs passthrough');
    const pass = await passthrough(kafka, `${ns}.${TOPIC}`, `${ns}.bench.passthrough`);
    log('ingest pipeline, producing indicators to Kafka');
    const pipe = await pipelineInProcess(brokers, ns);
    report('kafkajs passthrough (consume, JSON.parse, produce)', pass.rate, 'records/s');
    report('kafka ingest pipeline (consume, decode, produce)', pipe.rate, 'records/s');
    report('pipeline / passthrough ratio (target ≥ 0.8)', pipe.rate / pass.rate, 'ratio');
    // What a record costs in CPU (all threads of the process, not the broker's): on a loaded
    // machine the throughput ratio tends to this ratio, whatever the threads overlap.
    report('passthrough CPU per record', pass.cpuMicros, 'µs');
    report('pipeline CPU per record', pipe.cpuMicros, 'µs');
    log('one worker process');
    const one = await workerProcesses(brokers, ns, 1);
    log('two worker processes in one group');
    const two = await workerProcesses(brokers, ns, 2);
    report('1 worker process', one, 'records/s');
    report('2 worker processes, one group', two, 'records/s');
    // On a 2-core machine the second process competes for the same cores as the first (and
    // the broker): the figure shows contention, not what a second machine would add.
    report('2 / 1 worker processes', two / one, 'ratio');
  },
};
