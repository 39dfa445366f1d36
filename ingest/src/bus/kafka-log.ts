// kafkajs's log, as structured JSON lines on stderr like the rest of Portwatch, without the
// errors kafkajs answers itself: right after a topic is created (or a leader moves) every
// request to it fails with "not the leader" for a second and is retried. Printed at ERROR,
// they look like an outage to whoever reads the log at 3 a.m.; nothing is wrong.
import { logLevel, type LogEntry, type logCreator } from 'kafkajs';

const RETRIED =
  /not the leader|There is no leader|Leader not available|being elected|not hosted|coordinator is loading|coordinator is not available/i;

/** Whether kafkajs logged an error response it retries on its own. */
export function isRetriedByKafkajs(entry: LogEntry): boolean {
  const error = entry.log.error;
  return typeof error === 'string' && RETRIED.test(error);
}

const LEVELS: Record<number, string> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

export const kafkaLog: logCreator = () => (entry) => {
  if (isRetriedByKafkajs(entry)) return;
  const { message, timestamp: _t, ...rest } = entry.log;
  process.stderr.write(
    JSON.stringify({
      time: new Date().toISOString(),
      level: LEVELS[entry.level] ?? 'info',
      component: 'kafkajs',
      namespace: entry.namespace,
      msg: message,
      ...rest,
    }) + '\n',
  );
};
