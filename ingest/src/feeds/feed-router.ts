// Finds the declared feed a record belongs to from its transport and topic.
import type { FeedConfig, Mode } from '@portwatch/schema';
import { EXERCISE_ID_PATTERN, EXERCISE_PREFIX, mqttFilterMatches } from './topic-match.ts';

export interface Route {
  feed: FeedConfig;
  mode: Mode;
  /** An MQTT exercise record's exercise (`exercise/<id>/<topic>`); Kafka's comes in a header. */
  exerciseId?: string;
}

export class FeedRouter {
  // Per transport and default mode, topic → route: no key string to build per record.
  private cache: Record<'mqtt' | 'kafka', Map<Mode, Map<string, Route | null>>> = { mqtt: new Map(), kafka: new Map() };

  // The last answer: records of one topic tend to come in runs (a Kafka batch, a busy sensor).
  private lastVia: 'mqtt' | 'kafka' | null = null;
  private lastTopic = '';
  private lastMode: Mode | null = null;
  private lastRoute: Route | null = null;

  constructor(private feeds: FeedConfig[]) {}

  route(via: 'mqtt' | 'kafka', topic: string, defaultMode: Mode = 'live'): Route | null {
    if (topic === this.lastTopic && via === this.lastVia && defaultMode === this.lastMode) return this.lastRoute;
    const route = this.lookup(via, topic, defaultMode);
    this.lastVia = via;
    this.lastTopic = topic;
    this.lastMode = defaultMode;
    this.lastRoute = route;
    return route;
  }

  private lookup(via: 'mqtt' | 'kafka', topic: string, defaultMode: Mode): Route | null {
    let byTopic = this.cache[via].get(defaultMode);
    if (byTopic === undefined) {
      byTopic = new Map();
      this.cache[via].set(defaultMode, byTopic);
    }
    const hit = byTopic.get(topic);
    if (hit !== undefined) return hit;
    let mode = defaultMode;
    let bare = topic;
    if (topic.startsWith(EXERCISE_PREFIX[via])) {
      mode = 'exercise';
      bare = topic.slice(EXERCISE_PREFIX[via].length);
    }
    const find = (t: string) =>
      this.feeds.find(
        (f) => f.enabled && f.transport === via && (via === 'mqtt' ? mqttFilterMatches(f.topic, t) : f.topic === t),
      );
    let feed = find(bare);
    let route: Route | null = feed ? { feed, mode } : null;
    if (!feed && mode === 'exercise' && via === 'mqtt') {
      // `exercise/<exerciseId>/<topic>`: the first level names the exercise.
      const slash = bare.indexOf('/');
      const id = bare.slice(0, slash);
      if (slash > 0 && EXERCISE_ID_PATTERN.test(id) && (feed = find(bare.slice(slash + 1))))
        route = { feed, mode, exerciseId: id };
    }
    if (byTopic.size > 10_000) byTopic.clear();
    byTopic.set(topic, route);
    return route;
  }

  /** MQTT filters to subscribe to, live and exercise. */
  mqttSubscriptions(): string[] {
    return this.feeds
      .filter((f) => f.enabled && f.transport === 'mqtt')
      .flatMap((f) => [f.topic, EXERCISE_PREFIX.mqtt + f.topic, EXERCISE_PREFIX.mqtt + '+/' + f.topic]);
  }

  kafkaTopics(): string[] {
    return this.feeds
      .filter((f) => f.enabled && f.transport === 'kafka')
      .flatMap((f) => [f.topic, EXERCISE_PREFIX.kafka + f.topic]);
  }
}
