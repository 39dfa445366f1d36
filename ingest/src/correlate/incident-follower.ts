// On Kafka, the incidents every worker publishes, kept for correlation's rebuilds: when a
// rebalance hands a worker zones, its rebuilt engine goes on with their incidents open for
// longer than the rebuild window (recent-incidents.ts) instead of raising them again. Every
// worker reads every incident (a group of its own, like the resolves): which zones it will be
// handed is not known in advance. An incident's record time is its last seen, so re-reading
// the rebuild window plus the longest suppression finds every incident a rebuild may go on with.
import { TOPICS, readIncidentMessage } from '@portwatch/schema';
import type { Bus, Subscription } from '../bus/bus.ts';
import type { Logger } from '../log.ts';
import type { RecentIncidents } from './recent-incidents.ts';

export interface IncidentFollowerOptions {
  bus: Bus;
  into: RecentIncidents;
  /** The rebuild window plus the longest suppression of the rules. */
  rewindMs: number;
  /** Family of its consumer groups (one per instance: SubscribeOptions.ownGroup). */
  groupId: string;
  log: Logger;
}

export class IncidentFollower {
  private sub: Subscription | null = null;

  constructor(private readonly options: IncidentFollowerOptions) {}

  /** Resolves once the recent incidents are read: a rebuild before that could miss one. */
  async start(): Promise<void> {
    const { bus, into, log } = this.options;
    this.sub = await bus.subscribe(
      {
        groupId: this.options.groupId,
        ownGroup: true,
        topics: [TOPICS.incidents],
        rewindMs: this.options.rewindMs,
      },
      async (batch) => {
        for (const m of batch.messages) {
          const read = readIncidentMessage(m.value);
          if (read.ok) into.offer(read.value);
          else log.error('unreadable incident on the bus', { offset: m.offset, reason: read.reason });
        }
      },
    );
    await this.sub.caughtUp();
  }

  async stop(): Promise<void> {
    await this.sub?.stop();
  }
}
