// The Capture contract: recorded raw feed traffic, one JSON object per line.

export interface CaptureRecord {
  t: string;
  via: 'mqtt' | 'kafka';
  topic: string;
  key?: string;
  payload: string;
}

export const captureSchema = {
  $id: 'https://portwatch.dev/schema/capture.json',
  type: 'object',
  required: ['t', 'via', 'topic', 'payload'],
  additionalProperties: false,
  properties: {
    t: { type: 'string', format: 'date-time' },
    via: { enum: ['mqtt', 'kafka'] },
    topic: { type: 'string', minLength: 1 },
    key: { type: 'string' },
    payload: { type: 'string' },
  },
} as const;
