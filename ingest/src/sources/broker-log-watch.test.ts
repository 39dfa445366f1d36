import { describe, expect, it } from 'vitest';
import { brokerRefusalIn } from './broker-log-watch.ts';

describe("reading the broker's log", () => {
  it("finds Mosquitto's oversize-packet notice and the client it names", () => {
    expect(brokerRefusalIn('1796433364: Client acs-gate-1 disconnected due to oversize packet.')).toEqual({
      reason: 'oversize-packet',
      clientId: 'acs-gate-1',
    });
  });

  it('leaves every other notice alone', () => {
    expect(brokerRefusalIn('1796433364: New client connected from 10.0.0.7:36710 as acs-gate-1 (p2, c1, k60).')).toBe(
      null,
    );
    expect(brokerRefusalIn('1796433364: Client acs-gate-1 disconnected.')).toBe(null);
  });
});
