// `npm test` is one command on a fresh machine: when no Kafka broker answers on
// KAFKA_BROKERS (default 127.0.0.1:9092), the integration project starts one (fetched from
// Maven Central on first use) and stops it afterwards. Mosquitto and PostgreSQL are the
// machine's own services; a test that cannot reach one fails and says how to start it.
import { probeKafka, startKafka } from '../brokers/kafka-broker.js';

export default async function setup(): Promise<(() => Promise<void>) | void> {
  const first = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0];
  const [host, portText] = first.split(':');
  const port = Number(portText);
  const probe = await probeKafka(port, { host, timeoutMs: 2000 });
  if (probe.ok) return;
  if (host !== '127.0.0.1' && host !== 'localhost')
    throw new Error(`Kafka at ${first} does not answer, and only a local broker can be started for the tests`);
  console.log(`[test] no Kafka broker on ${first}: starting one (npm run kafka does the same)`);
  const kafka = await startKafka({ port, fresh: true, log: (line: string) => console.log(`[test] ${line}`) });
  return async () => {
    // Its data is made fresh on every start: a broker slow to shut down is killed rather than
    // waited for past vitest's 10 s teardown limit (which it reports as a hanging process).
    await kafka.stop({ timeoutMs: 7000 });
  };
}
