import { describe, it, expect } from 'vitest';
import { LIVE_PROTOCOL, liveProtocols, tokenFromProtocols } from './protocol.ts';

describe('live socket protocol', () => {
  it('carries the token beside the protocol, and the server reads it back from the header', () => {
    const offered = liveProtocols('pw_4f1c9a');
    expect(offered[0]).toBe(LIVE_PROTOCOL);
    // Sec-WebSocket-Protocol as a browser sends it: the offers joined with ", ".
    expect(tokenFromProtocols(offered.join(', '))).toBe('pw_4f1c9a');
    expect(tokenFromProtocols(offered)).toBe('pw_4f1c9a');
  });

  it('offers the protocol alone without a token, and then no token is read', () => {
    expect(liveProtocols(null)).toEqual([LIVE_PROTOCOL]);
    expect(tokenFromProtocols(LIVE_PROTOCOL)).toBeNull();
    expect(tokenFromProtocols(undefined)).toBeNull();
  });
});
