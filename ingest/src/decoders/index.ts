// The decoder registry: a feed's `format` in the site configuration names one of these.
// Adding a format is one folder under decoders/ and one line here.
import type { Decoder, DecoderFactory, DecoderOptions } from './decoder.ts';
import { createCefDecoder } from './cef/index.ts';
import { createEveDecoder } from './eve/index.ts';
import { createIdmefDecoder } from './idmef/index.ts';
import { createJsonDecoder } from './json/index.ts';
import { createOnvifDecoder } from './onvif/index.ts';
import { createNmeaDecoder } from './nmea/index.ts';
import { createPidsDecoder } from './pids/index.ts';
import { createRemoteIdDecoder } from './remoteid/index.ts';
import { createZeekDecoder } from './zeek/index.ts';

export type { Decoder, DecoderFactory, DecoderOptions, DecodeContext, DecodeResult, Draft } from './decoder.ts';
export { validateJsonMapping } from './json/index.ts';

export const decoderFactories: Record<string, DecoderFactory> = {
  eve: createEveDecoder,
  zeek: createZeekDecoder,
  cef: createCefDecoder,
  onvif: createOnvifDecoder,
  pids: createPidsDecoder,
  remoteid: createRemoteIdDecoder,
  json: createJsonDecoder,
  idmef: createIdmefDecoder,
  nmea: createNmeaDecoder,
};

export function createDecoder(format: string, options?: DecoderOptions): Decoder {
  const factory = Object.hasOwn(decoderFactories, format) ? decoderFactories[format] : undefined;
  if (factory === undefined) {
    throw new Error(
      `unknown decoder format ${JSON.stringify(format)}; known formats: ${Object.keys(decoderFactories).sort().join(', ')}`,
    );
  }
  return factory(options);
}
