// Topics Portwatch itself writes on the bus (raw feed topics are declared per site), and the
// record every bus carries. Producers and consumers in every process name topics from here.

export const TOPICS = {
  indicators: 'portwatch.indicators',
  incidents: 'portwatch.incidents',
  zoneState: 'portwatch.zone-state',
  deadLetter: 'portwatch.deadletter',
  /** Operators' actions that correlation must know of (a resolve re-arms the rule's group), from the API. */
  incidentActions: 'portwatch.incident-actions',
  /**
   * Correlation's second stage: indicators that match a base detection of a rule spanning
   * zones, keyed by site, so all of a site's findings meet in one partition.
   */
  findings: 'portwatch.findings',
  /**
   * What correlation raises in a zone that another worker may hold (a compromise reaching it
   * through the asset graph, an incident affecting it), keyed by that zone: read by the worker
   * holding the zone together with its indicators (co-partitioned), so each zone's risk is
   * computed in one place, as one worker computes it.
   */
  zoneEffects: 'portwatch.zone-effects',
  /**
   * Incidents as stored — correlation's merged with operators' changes — published by the API
   * instance that wrote them, so every API instance pushes them to its browsers.
   */
  incidentUpdates: 'portwatch.incident-updates',
} as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** One message as the encoders here make it; a bus may carry more (headers, the value's bytes). */
export interface BusRecord {
  /** Partition key: one key's messages stay in one partition, in order. */
  key: string | null;
  value: string;
  /** Epoch milliseconds (the record's event time where the producer knows it). */
  timestamp: number;
}
