// Finds the declared feed a record belongs to from its transport and topic.
import type { FeedConfig, Mode } from '@portwatch/schema';
import { EXERCISE_PREFIX, mqttFilterMatches } from './topic-match.ts';

export interface Route {
  feed: FeedConfig;
  mode: Mode;
}

export class FeedRouter {
  private cache = new Map<string, Route | null>();

  constructor(private feeds: FeedConfig[]) {}

  route(via: 'mqtt' | 'kafka', topic: string, defaultMode: Mode = 'live'): Route | null {
    const cacheKey = via + '\u0000' + topic + '\u0000' + defaultMode;
    const hit = this.cache.get(cacheKey);
    if (hit !== undefined) return hit;
    let mode = defaultMode;
    let bare = topic;
    if (topic.startsWith(EXERCISE_PREFIX[via])) {
      mode = 'exercise';
      bare = topic.slice(EXERCISE_PREFIX[via].length);
    }
    const feed = this.feeds.find((f) => f.enabled && f.transport === via && (via === 'mqtt' ? mqttFilterMatches(f.topic, bare) : f.topic === bare));
    const route = feed ? { feed, mode } : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(cacheKey, route);
    return route;
  }

  /** MQTT filters to subscribe to, live and exercise. */
  mqttSubscriptions(): string[] {
    return this.feeds.filter((f) => f.enabled && f.transport === 'mqtt').flatMap((f) => [f.topic, EXERCISE_PREFIX.mqtt + f.topic]);
  }

  kafkaTopics(): string[] {
    return this.feeds.filter((f) => f.enabled && f.transport === 'kafka').flatMap((f) => [f.topic, EXERCISE_PREFIX.kafka + f.topic]);
  }
}
