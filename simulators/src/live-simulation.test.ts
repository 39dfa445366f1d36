import { describe, expect, it } from 'vitest';
import type { FeedConfig } from '@portwatch/schema';
import { loadSite, siteDir } from '@portwatch/dashboards';
import { LiveSimulation } from './live-simulation.ts';

const feed = (id: string, transport: 'mqtt' | 'kafka', topic: string, format: string): FeedConfig => ({
  id,
  transport,
  topic,
  format,
  zone: ['sensor', 'ip'],
  maxRecordBytes: 65_536,
  maxRatePerSec: 2_000,
  enabled: true,
});

function started(site: Awaited<ReturnType<typeof loadSite>>, feeds: FeedConfig[]) {
  const said: { msg: string; fields?: Record<string, unknown> }[] = [];
  const log = {
    info: (msg: string, fields?: Record<string, unknown>) => said.push({ msg, fields }),
    error: (msg: string, fields?: Record<string, unknown>) => said.push({ msg, fields }),
  };
  new LiveSimulation({ site, feeds, mqttUrl: null, bus: null, scenarioEveryMs: 60_000, log });
  return said;
}

describe('live simulation', () => {
  it('leaves out, once and saying why, a scenario whose feeds the site does not declare', async () => {
    const said = started(await loadSite(siteDir('piraeus')), []);
    expect(said).toEqual([
      {
        msg: 'simulation: scenario left out',
        fields: {
          scenario: 'cruise-terminal-takeover',
          reason: 'scenario needs a "suricata" feed, and site "piraeus" declares none',
        },
      },
    ]);
  });

  it('keeps the scenarios a site can carry', async () => {
    const feeds = [
      feed('access-control', 'mqtt', 'valencia/access/+', 'onvif'),
      feed('video-analytics', 'mqtt', 'valencia/video/+', 'onvif'),
      feed('perimeter', 'mqtt', 'valencia/perimeter/+', 'pids'),
      feed('drones', 'mqtt', 'valencia/drones/+', 'remoteid'),
      feed('ais', 'mqtt', 'valencia/ais/+', 'nmea'),
      feed('suricata', 'kafka', 'valencia.suricata.eve', 'eve'),
      feed('zeek', 'kafka', 'valencia.zeek', 'zeek'),
      feed('firewall', 'kafka', 'valencia.firewall.cef', 'cef'),
    ];
    expect(started(await loadSite(siteDir('valencia')), feeds)).toEqual([]);
  });
});
