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

const N = Number(process.env.BENCH_KAFKA_N ?? 200_000);
const ROUNDS = Number(process.env.BENCH_KAFKA_ROUNDS ?? 3);
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

/** Throughput and this process's CPU time (every thread) per record, after the warm-up. */
interface Run {
  rate: number;
  cpuMicros: number;
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/**
 * Measures a run from the moment a quarter of the records are through to the last: both sides
 * measured warm (the passthrough's producer code has already run in the fill; the decode
 * threads' code, JSON and kafkajs alike, is compiled during the first batches).
 */
async function measure(count: () => number, what: string): Promise<Run> {
  await waitFor(() => count() >= N / 4, 300_000, what);
  const [t0, cpu0, n0] = [performance.now(), cpuNow(), count()];
  await waitFor(() => count() >= N, 300_000, what);
  const n = count() - n0;
  return { rate: (n / (performance.now() - t0)) * 1000, cpuMicros: (cpuNow() - cpu0) / n };
}

async function passthrough(kafka: Kafka, from: string, to: string): Promise<Run> {
  const admin = kafka.admin();
  await admin.connect();
  // As many partitions as the pipeline's indicators topic, which it produces to.
  await admin.createTopics({ topics: [{ topic: to, numPartitions: OUT_PARTITIONS, replicationFactor: 1 }] });
  await admin.disconnect();
  // Committing after each batch (kafkajs's default) as the pipeline does.
  const consumer = kafka.consumer({ groupId: `${to}-group` });
  // The pipeline's producer settings: acks from every in-sync replica, not idempotent, no compression.
  const producer = kafka.producer();
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topics: [from], fromBeginning: true });
  let done = 0;
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const out = batch.messages.map((m) => {
        const doc = JSON.parse(m.value!.toString('utf8')) as object;
        return { key: m.key, value: JSON.stringify(doc) };
      });
      await producer.send({ topic: to, acks: -1, compression: CompressionTypes.None, messages: out });
      done += out.length;
    },
  });
  try {
    return await measure(() => done, 'the passthrough');
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
}

async function pipelineInProcess(brokers: string[], ns: string): Promise<Run> {
  const run = await startKafkaIngest(brokers, ns, `bench-pipe-${Date.now()}`);
  try {
    return await measure(() => run.produced(), 'the pipeline');
  } finally {
    await run.stop();
  }
}

/** `workers` child processes in one consumer group, each a whole worker (Kafka consumer + decode threads). */
async function workerProcesses(brokers: string[], ns: string, workers: number): Promise<number> {
  const group = `bench-procs-${workers}-${Date.now()}`;
  const child = fileURLToPath(new URL('./kafka-ingest.ts', import.meta.url));
  const produced = new Array<number>(workers).fill(0);
  const procs = produced.map((_, i) => {
    const p = fork(child, [brokers.join(','), ns, group], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
    p.on('message', (m: { produced: number }) => (produced[i] = m.produced));
    return p;
  });
  try {
    const run = await measure(() => produced.reduce((a, n) => a + n, 0), `${workers} worker process(es)`);
    return run.rate;
  } finally {
    for (const p of procs) p.send('stop');
    await Promise.all(procs.map((p) => new Promise((r) => p.once('exit', r))));
  }
}

export const suite: BenchSuite = {
  name: 'kafka',
  description: `Kafka pipeline vs a kafkajs passthrough (consume, JSON.parse, produce) on ${N} Suricata EVE records, ${PARTITIONS} partitions, ${ROUNDS} paired rounds; then 2 worker processes vs 1`,
  needs: ['Kafka broker'],
  async run(report, log) {
    const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
    const ns = `benchk${Date.now().toString(36)}`;
    const kafka = new Kafka({ brokers, clientId: 'bench-kafka', logLevel: logLevel.NOTHING });
    log(`writing ${N} EVE records`);
    await fill(kafka, `${ns}.${TOPIC}`);
    // Paired rounds, passthrough then pipeline on the same records: on a shared machine one
    // pair seconds apart sees about the same load, and the median pair is the figure.
    const rounds: { pass: Run; pipe: Run }[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      log(`round ${r} of ${ROUNDS}: kafkajs passthrough`);
      const pass = await passthrough(kafka, `${ns}.${TOPIC}`, `${ns}.bench.passthrough-${r}`);
      log(`round ${r} of ${ROUNDS}: ingest pipeline, producing indicators to Kafka`);
      const pipe = await pipelineInProcess(brokers, ns);
      log(
        `round ${r}: ${Math.round(pass.rate)} vs ${Math.round(pipe.rate)} records/s, ratio ${(pipe.rate / pass.rate).toFixed(2)}`,
      );
      rounds.push({ pass, pipe });
    }
    rounds.sort((a, b) => a.pipe.rate / a.pass.rate - b.pipe.rate / b.pass.rate);
    const { pass, pipe } = rounds[(rounds.length - 1) >> 1];
    report('kafkajs passthrough (consume, JSON.parse, produce)', pass.rate, 'records/s');
    report('kafka ingest pipeline (consume, decode, produce)', pipe.rate, 'records/s');
    report(`pipeline / passthrough ratio, median of ${ROUNDS} rounds (target ≥ 0.8)`, pipe.rate / pass.rate, 'ratio');
    report('lowest round ratio', rounds[0].pipe.rate / rounds[0].pass.rate, 'ratio');
    // What a record costs in CPU (every thread of the process, not the broker's): on a machine
    // whose cores are all busy the throughput ratio tends to the inverse ratio of these.
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
