// Tells correlation that an operator resolved an incident, so that its rule's group stays
// quiet for the rule's re-arm period. With the in-process bus the correlation service is in
// this process: call it. On Kafka the group may live in any worker: publish on the
// incident-actions topic, which every worker reads.
import { TOPICS, incidentActionMessage, type Incident } from '@portwatch/schema';
import type { Bus, CorrelateService } from '@portwatch/ingest';

export function resolveNotifier(
  bus: Bus,
  inProcess: Pick<CorrelateService, 'resolved'> | null,
): (incident: Incident, atMs: number) => Promise<void> {
  return async (incident, atMs) => {
    if (bus.kind === 'memory' && inProcess) {
      inProcess.resolved(incident.id, atMs);
      return;
    }
    await bus.publish(TOPICS.incidentActions, [
      incidentActionMessage({
        type: 'resolved',
        incidentId: incident.id,
        zoneId: incident.zoneId,
        at: new Date(atMs).toISOString(),
      }),
    ]);
  };
}
