// Which Zeek log a record belongs to, and what Portwatch does with each. `_path` says it when
// the writer adds it; the Kafka plugin wraps a record as {"dns": {...}}; plain JSON logs carry
// neither, so the log is also recognised by the fields only it has (Zeek's log reference:
// Conn::Info, DNS::Info, HTTP::Info, SSL::Info, Files::Info, Weird::Info, CaptureLoss::Info,
// Reporter::Info…).
import { lookup, type JsonObject } from '../record-fields.ts';

/**
 * Logs that make no indicator of their own, and why: a Zeek feed counts each of their records
 * as "not used" with this reason, so that every record received is accounted for.
 */
const NOT_USED: Record<string, string> = {
  conn: 'connection summaries make no indicator of their own',
  dns: 'DNS queries and answers make no indicator of their own',
  http: 'HTTP requests make no indicator of their own',
  files: 'file transfers make no indicator of their own',
  x509: 'certificates make no indicator of their own (invalid ones are reported from ssl)',
  ssh: 'SSH sessions make no indicator of their own (password guessing comes as a notice)',
  dhcp: 'DHCP leases make no indicator of their own',
  software: 'software inventory makes no indicator of its own',
  capture_loss: "the sensor's own packet loss, not an event on the network",
  reporter: "Zeek's own warnings and errors, not an event on the network",
  stats: "Zeek's own statistics, not an event on the network",
  loaded_scripts: "Zeek's own configuration, not an event on the network",
  packet_filter: "Zeek's own configuration, not an event on the network",
};

export function notUsedReason(path: string): string {
  return `zeek ${path} log: ${lookup(NOT_USED, path) ?? 'Portwatch makes no indicator from this log'}`;
}

/** The Kafka plugin's wrapper names we unwrap; a single-key object with any other name is not Zeek. */
export const WRAPPED_LOGS = new Set([
  'conn',
  'notice',
  'dns',
  'http',
  'ssl',
  'files',
  'weird',
  'x509',
  'ssh',
  'smb_files',
  'dhcp',
  'software',
  'intel',
  'modbus',
  'dnp3',
  'capture_loss',
  'reporter',
  'stats',
]);

/** The log of a record that does not name it, by its fields; undefined when it is no Zeek log we know. */
export function logByFields(r: JsonObject): string | undefined {
  if (r.note !== undefined) return 'notice';
  if (r.conn_state !== undefined) return 'conn';
  // Weird::Info: name, addl, notice, peer, source — a weird without a connection has no uid.
  if (r.name !== undefined && (r.addl !== undefined || r.notice !== undefined || r.peer !== undefined)) return 'weird';
  if (r.percent_lost !== undefined || (r.gap !== undefined && r.acks !== undefined)) return 'capture_loss';
  if (r.level !== undefined && r.message !== undefined) return 'reporter';
  if (r.pkts_proc !== undefined || r.mem !== undefined) return 'stats';
  if (r.validation_status !== undefined || r.ssl_history !== undefined || r.cipher !== undefined) return 'ssl';
  if (r.query !== undefined || r.trans_id !== undefined || r.qtype_name !== undefined) return 'dns';
  if (r.method !== undefined || r.status_code !== undefined) return 'http';
  if (r.fuid !== undefined) return 'files';
  if (r.uid !== undefined) return 'connection';
  return undefined;
}
