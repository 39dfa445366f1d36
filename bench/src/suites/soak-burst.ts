// The soak's opening burst: one sensor sends `n` QoS 1 records as fast as the deployment takes
// them (at most 5,000 unacknowledged, like the paced phase), and the server's stored count is
// read every 50 ms. What a crash at the worst moment would lose is the most records the broker
// had acknowledged that were not stored yet.
import mqtt from 'mqtt';
import { badgeRecord } from '../../../test/support/records.ts';

export interface BurstFigures {
  ackedPerSec: number;
  storedPerSec: number;
  /** Most records acknowledged to the sensor and not yet stored, at any 50 ms reading. */
  mostAckedNotStored: number;
  /** Indicators and dead letters the burst added (the paced phase counts from here). */
  stored: { indicators: number; deadLetters: number };
}

export async function burst(
  mqttUrl: string,
  n: number,
  badEvery: number,
  stored: () => Promise<{ indicators: number; deadLetters: number }>,
): Promise<BurstFigures> {
  const pub = await mqtt.connectAsync(mqttUrl, { clientId: `soak-burst-${process.pid}` });
  // Another hour than the paced phase's records, so none is the same record.
  const base = Date.now() - 7_200_000;
  let acked = 0;
  let most = 0;
  let latest = await stored();
  const before = latest;
  const total = (c: typeof latest) => c.indicators + c.deadLetters - before.indicators - before.deadLetters;
  const watch = setInterval(() => {
    const ackedThen = acked;
    stored().then(
      (c) => {
        latest = c;
        most = Math.max(most, ackedThen - total(c));
      },
      () => {},
    );
  }, 50);
  const t0 = performance.now();
  const inFlight = new Set<Promise<unknown>>();
  for (let i = 0; i < n; i++) {
    const r = badgeRecord(i, base);
    const payload = i % badEvery === badEvery - 1 ? '<not an ONVIF event' : r.payload;
    const p = pub.publishAsync(r.topic, payload, { qos: 1 }).then(() => void acked++);
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= 5000) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const ackedMs = performance.now() - t0;
  await pub.endAsync();
  while (total(latest) < n && performance.now() - t0 < 300_000) await new Promise((r) => setTimeout(r, 20));
  const storedMs = performance.now() - t0;
  clearInterval(watch);
  return {
    ackedPerSec: (n / ackedMs) * 1000,
    storedPerSec: (n / storedMs) * 1000,
    mostAckedNotStored: Math.max(0, most),
    stored: latest,
  };
}
