// A broker that answers but will not have us is a setting to fix, not a network hiccup to
// retry forever: the wrong credentials, or a certificate we do not trust. Said once, clearly,
// with what to change; the composition root names the variables.

export type BrokerSetting = 'credentials' | 'tls-trust';

export class BrokerRefusal extends Error {
  constructor(
    message: string,
    /** What to change: the user name and password, or the CA that should have signed the broker's certificate. */
    readonly setting: BrokerSetting,
  ) {
    super(message);
    this.name = 'BrokerRefusal';
  }
}

/** MQTT 3.1.1 CONNACK 4/5, MQTT 5 reason codes 134/135: the credentials, not the network. */
const MQTT_REFUSED = new Set([4, 5, 134, 135]);
/** Node's TLS verification failures: the broker's certificate is not one we trust. */
const TLS_UNTRUSTED =
  /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID|CERT_SIGNATURE_FAILURE)$/;

/** Why an MQTT broker at `url` refused us, when it is a setting; null for anything worth retrying. */
export function mqttRefusal(url: string, err: unknown, username: string | undefined): BrokerRefusal | null {
  const code = (err as { code?: unknown } | null)?.code;
  const message = (err as Error).message;
  if (typeof code === 'number' && MQTT_REFUSED.has(code))
    return new BrokerRefusal(
      `MQTT broker at ${url} refused ${username ? `user "${username}"` : 'an anonymous client'}: ${message}`,
      'credentials',
    );
  if (typeof code === 'string' && TLS_UNTRUSTED.test(code))
    return new BrokerRefusal(`MQTT broker at ${url}: its TLS certificate is not trusted (${message})`, 'tls-trust');
  return null;
}
