import { describe, it, expect } from 'vitest';
import { logLevel, type LogEntry } from 'kafkajs';
import { isRetriedByKafkajs } from './kafka-log.ts';

const entry = (error?: string): LogEntry => ({
  namespace: 'Connection',
  level: logLevel.ERROR,
  label: 'ERROR',
  log: {
    timestamp: '2026-11-26T05:38:39.521Z',
    message: '[Connection] Response ListOffsets(key: 2, version: 3)',
    error,
  },
});

describe('kafkajs log', () => {
  it('leaves out the leader errors kafkajs retries by itself after a topic is created', () => {
    expect(isRetriedByKafkajs(entry('This server is not the leader for that topic-partition'))).toBe(true);
    expect(
      isRetriedByKafkajs(
        entry('There is no leader for this topic-partition as we are in the middle of a leadership election'),
      ),
    ).toBe(true);
  });

  it('keeps every other error', () => {
    expect(isRetriedByKafkajs(entry('Connection error: connect ECONNREFUSED 127.0.0.1:9092'))).toBe(false);
    expect(isRetriedByKafkajs(entry('Not authorized to access topics: [Topic authorization failed]'))).toBe(false);
    expect(isRetriedByKafkajs(entry(undefined))).toBe(false);
  });
});
