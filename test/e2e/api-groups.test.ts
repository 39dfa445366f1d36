// Each API instance follows the live streams in a consumer group of its own. Starting and
// stopping instances must not pile groups up in Kafka: a clean exit deletes its group, and the
// group of an instance killed outright is deleted by the next instance once the broker has
// timed its member out. Real processes, the real broker.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { freePort } from '../brokers/free-port.js';
import { KAFKA_BROKERS, POSTGRES_URL } from '../support/brokers.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/postgres.ts';
import { startService, type ServiceProcess } from '../support/processes.ts';
import { eventually } from '../support/system.ts';

const namespace = `pw-test-groups-${process.pid}-${Date.now().toString(36)}`;
const family = `${namespace}.portwatch-api-live.`;
let scratch: ScratchDatabase;
let admin: Admin;
const running: ServiceProcess[] = [];

beforeAll(async () => {
  scratch = await scratchDatabase('portwatch_groups');
  admin = new Kafka({ brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
});

afterAll(async () => {
  for (const p of running) await p.kill('SIGKILL');
  await admin?.disconnect();
  await scratch?.drop();
});

async function startApi(): Promise<ServiceProcess> {
  const name = (await scratch.db.query<{ n: string }>('SELECT current_database() AS n'))[0].n;
  const p = await startService(
    {
      ROLE: 'api',
      KAFKA_BROKERS: KAFKA_BROKERS.join(','),
      KAFKA_NAMESPACE: namespace,
      DATABASE_URL: POSTGRES_URL.replace(/\/[^/]*$/, `/${name}`),
      PORTWATCH_TOKENS_FILE: '',
    },
    await freePort(),
  );
  running.push(p);
  return p;
}

/** The followers' groups in Kafka, with their state. */
async function followerGroups(): Promise<{ id: string; state: string }[]> {
  const ids = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(family));
  if (!ids.length) return [];
  return (await admin.describeGroups(ids)).groups.map((g) => ({ id: g.groupId, state: g.state }));
}

const live = async () => (await followerGroups()).filter((g) => g.state === 'Stable');

describe('consumer groups of API instances', () => {
  it('do not pile up over a clean exit, a kill and a restart', async () => {
    // A clean exit deletes the instance's group.
    const first = await startApi();
    await eventually(async () => (await live()).length === 1, 30_000, 'the first instance to follow');
    await first.kill('SIGTERM');
    expect(first.child.exitCode).toBe(0);
    expect(await followerGroups()).toEqual([]);

    // Killed outright: its group stays until the broker times its member out (10 s)...
    const second = await startApi();
    await eventually(async () => (await live()).length === 1, 30_000, 'the second instance to follow');
    const [killedGroup] = await live();
    await second.kill('SIGKILL');
    await eventually(
      async () => (await followerGroups()).some((g) => g.id === killedGroup.id && g.state === 'Empty'),
      30_000,
      'the killed instance to be timed out',
    );

    // ...and the next instance deletes it when it starts: one group, its own.
    const third = await startApi();
    await eventually(
      async () => {
        const groups = await followerGroups();
        return groups.length === 1 && groups[0].id !== killedGroup.id && groups[0].state === 'Stable';
      },
      30_000,
      'only the running instance’s group',
    );
    await third.kill('SIGTERM');
    expect(await followerGroups()).toEqual([]);
  });
});
