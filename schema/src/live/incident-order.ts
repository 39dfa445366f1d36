// Incident pushes come from several writers (store writers, each API instance an operator's
// action went through), each publishing after its own write: they may arrive in another order
// than the writes. The store counts each write (`revision`), so a receiver keeps the later one.
import type { Incident } from '../incident.ts';

/** Whether `incoming` is an older stored version of `held` (a push that arrived late). */
export function isOlderIncident(incoming: Incident, held: Incident | undefined): boolean {
  return held?.revision !== undefined && incoming.revision !== undefined && incoming.revision < held.revision;
}
