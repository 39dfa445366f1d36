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

export function exerciseTopic(via: 'mqtt' | 'kafka', topic: string): string {
  return EXERCISE_PREFIX[via] + topic;
}
