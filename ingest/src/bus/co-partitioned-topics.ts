// Topics read co-partitioned (SubscribeOptions.copartitioned) must have one partition count:
// otherwise partition p of one holds other keys than partition p of the other, and a zone's
// effects reach a worker that does not hold the zone's indicators (co-partitioned-assigner.ts).
// So the bus creates a missing topic of such a family with the count of one that exists, and a
// co-partitioned subscription refuses to start while the counts differ.
import { TOPICS } from '@portwatch/schema';

/** Portwatch's topics keyed alike and read together; the first of a family sets the count. */
export const COPARTITIONED_TOPICS: readonly (readonly string[])[] = [[TOPICS.indicators, TOPICS.zoneEffects]];

/** The partition count to create `topic` with: that of an existing topic of its family, else `fallback`. */
export function partitionsToCreate(
  topic: string,
  existing: ReadonlyMap<string, number>,
  fallback: number,
  families = COPARTITIONED_TOPICS,
): number {
  for (const family of families)
    if (family.includes(topic))
      for (const other of family) {
        const count = existing.get(other);
        if (count !== undefined) return count;
      }
  return fallback;
}

/** The topics of `topics`' families other than themselves: whose counts a creation follows. */
export function copartitionedWith(topics: string[], families = COPARTITIONED_TOPICS): string[] {
  const out = new Set<string>();
  for (const family of families) if (family.some((t) => topics.includes(t))) for (const t of family) out.add(t);
  return [...out].filter((t) => !topics.includes(t));
}

/**
 * Why topics cannot be read co-partitioned, or null when they can: each topic with its count,
 * and what an operator can do (Kafka can add partitions to a topic, never remove them).
 */
export function copartitionMismatch(counts: { topic: string; partitions: number }[]): string | null {
  if (counts.every((c) => c.partitions === counts[0].partitions)) return null;
  const most = Math.max(...counts.map((c) => c.partitions));
  const fewer = counts.filter((c) => c.partitions < most).map((c) => c.topic);
  const [first, ...rest] = counts;
  return (
    `co-partitioned topics have different partition counts: ${counts.map((c) => `${c.topic} has ${c.partitions}`).join(', ')}, ` +
    `so one key's records of each would meet in different consumers. Stop the workers, then either grow ` +
    `${fewer.join(' and ')} to ${most} partitions (kafka-topics.sh --alter --topic <name> --partitions ${most}), ` +
    `or delete ${rest.map((c) => c.topic).join(' and ')} (what ${rest.length > 1 ? 'they hold is' : 'it holds is'} lost): ` +
    `the next start creates ${rest.length > 1 ? 'them' : 'it'} with the ${first.partitions} partitions of ${first.topic}`
  );
}
