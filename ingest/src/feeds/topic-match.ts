// MQTT topic filters (`+` one level, `#` the rest) and exact Kafka topic names.

export function mqttFilterMatches(filter: string, topic: string): boolean {
  if (filter === topic) return true;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    const part = f[i];
    if (part === '#') return true;
    if (i >= t.length) return false;
    if (part !== '+' && part !== t[i]) return false;
  }
  return f.length === t.length;
}

export function isValidMqttFilter(filter: string): boolean {
  const parts = filter.split('/');
  return parts.every((p, i) =>
    p === '#' ? i === parts.length - 1 : !p.includes('#') && (p === '+' || !p.includes('+')),
  );
}

/** Exercise traffic travels on the same topics behind a prefix, so it can never be mistaken for live. */
export const EXERCISE_PREFIX = { mqtt: 'exercise/', kafka: 'exercise.' } as const;

/**
 * Kafka topics are fixed, so a Kafka record names its exercise in this header; an MQTT record
 * names it in the topic level after the prefix (`exercise/<exerciseId>/<topic>`).
 */
export const EXERCISE_HEADER = 'portwatch-exercise';

/** An exercise id is one MQTT topic level and a Kafka header value: no separators or wildcards. */
export const EXERCISE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Where a record of an exercise travels; without an id, the plain prefix (one unnamed exercise). */
export function exerciseTopic(via: 'mqtt' | 'kafka', topic: string, exerciseId?: string): string {
  return via === 'mqtt' && exerciseId ? `${EXERCISE_PREFIX.mqtt}${exerciseId}/${topic}` : EXERCISE_PREFIX[via] + topic;
}
