// Partition assignment for topics keyed alike (bus.ts, SubscribeOptions.copartitioned): partition
// p of every subscribed topic goes to the same member, so a key's records in each topic — a
// zone's indicators and the effects other workers raised in it — meet in one consumer. kafkajs's
// round-robin assigner deals topic-partitions out one after another and splits them as soon as
// the partitions do not divide evenly between the members.
import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

const NAME = 'PortwatchCoPartitioned';
const VERSION = 1;
const NO_DATA = Buffer.alloc(0);

export interface CoPartitionPlan {
  /** memberId → topic → partitions. */
  assignment: Map<string, Record<string, number[]>>;
  /** Topics whose partition count differs from the first one's (their keys land elsewhere). */
  mismatched: string[];
}

/** The pure part: partition p of every topic to member p mod n (members sorted, so all agree). */
export function planCoPartitioned(memberIds: string[], partitions: Record<string, number[]>): CoPartitionPlan {
  const members = [...memberIds].sort();
  const assignment = new Map<string, Record<string, number[]>>(members.map((m) => [m, {}]));
  const topics = Object.keys(partitions).sort();
  for (const topic of topics)
    for (const p of [...partitions[topic]].sort((a, b) => a - b)) {
      const mine = assignment.get(members[p % members.length])!;
      (mine[topic] ??= []).push(p);
    }
  const count = topics.length ? partitions[topics[0]].length : 0;
  return { assignment, mismatched: topics.filter((t) => partitions[t].length !== count) };
}

export const CoPartitionedAssigner: PartitionAssigner = ({ cluster, logger }) => ({
  name: NAME,
  version: VERSION,
  async assign({ members, topics }) {
    const partitions = Object.fromEntries(
      topics.map((t) => [t, cluster.findTopicPartitionMetadata(t).map((m) => m.partitionId)]),
    );
    const plan = planCoPartitioned(
      members.map((m) => m.memberId),
      partitions,
    );
    if (plan.mismatched.length)
      logger.error('co-partitioned topics have different partition counts: keys of one meet another elsewhere', {
        partitions: Object.fromEntries(Object.entries(partitions).map(([t, p]) => [t, p.length])),
      });
    return [...plan.assignment].map(([memberId, assignment]) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: VERSION, assignment, userData: NO_DATA }),
    }));
  },
  protocol({ topics }) {
    return {
      name: NAME,
      metadata: AssignerProtocol.MemberMetadata.encode({ version: VERSION, topics, userData: NO_DATA }),
    };
  },
});
