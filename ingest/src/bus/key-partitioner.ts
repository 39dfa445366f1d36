// kafkajs's default (Java-compatible, murmur2) partitioner, remembering the partition of each
// key. Portwatch's keys are few (zones, feeds, the site) and every indicator carries one:
// hashing each key again with kafkajs's 64-bit-Long murmur2 cost the producing thread about
// 2 µs a record, a tenth of what a bare consume-and-produce service spends on a record.
import { Partitioners, type ICustomPartitioner } from 'kafkajs';

/** Keys remembered per topic before the memory starts afresh (keys are zones: tens, not thousands). */
const KEYS_PER_TOPIC = 10_000;

export const keyMemoPartitioner: ICustomPartitioner = () => {
  const hash = Partitioners.DefaultPartitioner();
  const topics = new Map<string, { partitions: number; byKey: Map<string, number> }>();
  return (args) => {
    const { topic, partitionMetadata, message } = args;
    const key = message.key;
    if (typeof key !== 'string' || (message.partition !== undefined && message.partition !== null)) return hash(args);
    let memo = topics.get(topic);
    // A topic given more partitions moves its keys: start afresh.
    if (!memo || memo.partitions !== partitionMetadata.length || memo.byKey.size >= KEYS_PER_TOPIC)
      topics.set(topic, (memo = { partitions: partitionMetadata.length, byKey: new Map() }));
    let partition = memo.byKey.get(key);
    if (partition === undefined) memo.byKey.set(key, (partition = hash(args)));
    return partition;
  };
};
