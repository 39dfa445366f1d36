// Prometheus text format: feed counters by stage, plus what the services add.
import type { ApiContext } from '../context.ts';

function esc(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function prometheus(ctx: Pick<ApiContext, 'feeds' | 'components' | 'metrics'>): string {
  const lines: string[] = [];
  const feeds = ctx.feeds();
  lines.push(
    '# HELP portwatch_feed_records_received_total Raw records received per feed.',
    '# TYPE portwatch_feed_records_received_total counter',
  );
  for (const f of feeds) lines.push(`portwatch_feed_records_received_total{feed="${esc(f.feedId)}"} ${f.received}`);
  lines.push(
    '# HELP portwatch_feed_indicators_total Indicators produced per feed.',
    '# TYPE portwatch_feed_indicators_total counter',
  );
  for (const f of feeds) lines.push(`portwatch_feed_indicators_total{feed="${esc(f.feedId)}"} ${f.indicators}`);
  lines.push(
    '# HELP portwatch_feed_records_rejected_total Records rejected per feed and stage.',
    '# TYPE portwatch_feed_records_rejected_total counter',
  );
  for (const f of feeds)
    for (const [stage, n] of Object.entries(f.rejectedByStage))
      lines.push(`portwatch_feed_records_rejected_total{feed="${esc(f.feedId)}",stage="${stage}"} ${n}`);
  lines.push(
    '# HELP portwatch_feed_records_shed_total Records shed before decoding per feed and reason (over its rate, a sensor over its share, queue full); also counted as rejected.',
    '# TYPE portwatch_feed_records_shed_total counter',
  );
  for (const f of feeds)
    for (const [reason, n] of Object.entries(f.shedByReason))
      lines.push(`portwatch_feed_records_shed_total{feed="${esc(f.feedId)}",reason="${esc(reason)}"} ${n}`);
  lines.push(
    "# HELP portwatch_feed_records_queued MQTT records waiting in the feed's queue for its rate or for decoding.",
    '# TYPE portwatch_feed_records_queued gauge',
  );
  for (const f of feeds) lines.push(`portwatch_feed_records_queued{feed="${esc(f.feedId)}"} ${f.queued}`);
  lines.push('# HELP portwatch_up Whether a component is up (1) or not (0).', '# TYPE portwatch_up gauge');
  for (const c of ctx.components())
    lines.push(`portwatch_up{component="${esc(c.name)}"} ${c.status === 'down' ? 0 : 1}`);
  lines.push(...ctx.metrics());
  return lines.join('\n') + '\n';
}
