// Where a simulated device publishes: the topic of the site's feed for that format, with
// the sensor id in place of an MQTT wildcard — exactly where a real device would.
import type { FeedConfig } from '@portwatch/schema';

export interface Emission {
  via: 'mqtt' | 'kafka';
  topic: string;
}

export class SiteTopics {
  constructor(private feeds: FeedConfig[]) {}

  feedFor(feedIdOrFormat: string): FeedConfig | undefined {
    return this.feeds.find((f) => f.id === feedIdOrFormat) ?? this.feeds.find((f) => f.format === feedIdOrFormat);
  }

  /** Topic for a record of this feed (id or format) from this sensor. */
  topic(feedIdOrFormat: string, sensorId: string): Emission | null {
    const feed = this.feedFor(feedIdOrFormat);
    if (!feed) return null;
    if (feed.transport === 'kafka') return { via: 'kafka', topic: feed.topic };
    const topic = feed.topic.replace(/\+/g, sensorId).replace(/#$/, sensorId);
    return { via: 'mqtt', topic };
  }
}
