// Consumer groups of one subscriber alone (SubscribeOptions.ownGroup): an API instance follows
// every live change, a correlation instance every operator's resolve, each in a group of its
// own. Such a group is named after its family plus this process, commits no offsets (so the
// broker itself forgets it once it is empty, at its next offsets clean-up, 10 minutes by
// default), is deleted when its subscriber stops, and groups of the family left by processes
// that died are deleted by any instance of the family, at its start and every minute after.
import { hostname } from 'node:os';
import type { Admin } from 'kafkajs';

/** How often a subscriber with a group of its own deletes its family's abandoned groups. */
export const REAP_EVERY_MS = 60_000;

let made = 0;

/** `<family>.<host>.<pid>.<n>.<time>`: unique to this subscription, its family readable. */
export function ownGroupId(family: string): string {
  return `${family}.${hostname()}.${process.pid}.${++made}.${Date.now().toString(36)}`;
}

/**
 * Deletes the family's groups that have no member (their process died and its session timed
 * out). A group with members is never touched: the broker refuses to delete one anyway.
 */
export async function reapIdleGroups(admin: Admin, family: string, except: ReadonlySet<string>): Promise<string[]> {
  const prefix = family + '.';
  const { groups } = await admin.listGroups();
  const candidates = groups.map((g) => g.groupId).filter((id) => id.startsWith(prefix) && !except.has(id));
  if (!candidates.length) return [];
  const { groups: described } = await admin.describeGroups(candidates);
  const idle = described.filter((g) => g.state === 'Empty' || g.state === 'Dead').map((g) => g.groupId);
  return deleteGroups(admin, idle);
}

/** Deletes groups; one that gained a member meanwhile (or is gone already) is left. */
export async function deleteGroups(admin: Admin, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  try {
    await admin.deleteGroups(ids);
    return ids;
  } catch (err) {
    // KafkaJSDeleteGroupsError: the groups that failed, each with its own error.
    const failed = new Set(((err as { groups?: { groupId: string }[] }).groups ?? []).map((g) => g.groupId));
    if (!failed.size) throw err;
    return ids.filter((id) => !failed.has(id));
  }
}

/** Deletes the family's abandoned groups now and every REAP_EVERY_MS, until stopped. */
export class GroupReaper {
  private readonly timer: NodeJS.Timeout;

  constructor(admin: Admin, family: string, own: ReadonlySet<string>) {
    const reap = () =>
      void reapIdleGroups(admin, family, own).catch((err: Error) =>
        console.error(
          JSON.stringify({
            level: 'error',
            msg: 'kafka bus: abandoned groups not deleted',
            family,
            error: err.message,
          }),
        ),
      );
    reap();
    this.timer = setInterval(reap, REAP_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
