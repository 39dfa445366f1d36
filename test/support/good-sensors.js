// Good sensors for the flood tests, as a child process with its own clock and event loop:
// door alarms (ONVIF) on valencia/access/<reader> and fence intrusions (PIDS) on
// valencia/perimeter/<sensor>, QoS 1, each carrying the moment it was sent in its token.
//   node test/support/good-sensors.js <url> <seconds> <door records/s> <fence records/s>
// Prints {"doors": n, "fences": n} once the broker has acknowledged every one.
import mqtt from 'mqtt';

const [url, seconds, doorRate, fenceRate] = process.argv.slice(2);
const READERS = ['AP-CT-01', 'AP-CT-02', 'AP-GN-01', 'AP-GN-02'];
const FENCES = ['PIDS-CT-1', 'PIDS-FT-1', 'PIDS-MSC-1', 'PIDS-CSP-1'];
const TICK_MS = 100;

const client = await mqtt.connectAsync(url, { clientId: `good-sensors-${process.pid}` });
const acks = [];
let doors = 0;
let fences = 0;
let doorsDue = 0;
let fencesDue = 0;
const t0 = Date.now();
await new Promise((done) => {
  const tick = setInterval(() => {
    const now = Date.now();
    const elapsed = (now - t0) / 1000;
    // What is due by now, so a late tick catches up instead of sending less.
    for (doorsDue = Math.floor(elapsed * Number(doorRate)); doors < doorsDue; doors++) {
      const reader = READERS[doors % READERS.length];
      const payload = JSON.stringify({
        topic: 'tns1:Door/State/DoorAlarm',
        timestamp: new Date(now).toISOString(),
        message: { source: { DoorToken: `DOOR-T${doors}-${now}` }, key: {}, data: { State: 'DoorForcedOpen' } },
      });
      acks.push(client.publishAsync(`valencia/access/${reader}`, payload, { qos: 1 }));
    }
    for (fencesDue = Math.floor(elapsed * Number(fenceRate)); fences < fencesDue; fences++) {
      const sensor = FENCES[fences % FENCES.length];
      const payload = JSON.stringify({
        sensor,
        segment: fences % 8,
        offsetM: fences % 500,
        event: 'intrusion',
        time: new Date(now).toISOString(),
        eventId: `FENCE-T${fences}-${now}`,
      });
      acks.push(client.publishAsync(`valencia/perimeter/${sensor}`, payload, { qos: 1 }));
    }
    if (elapsed >= Number(seconds)) {
      clearInterval(tick);
      done();
    }
  }, TICK_MS);
});
await Promise.all(acks);
await client.endAsync();
console.log(JSON.stringify({ doors, fences }));
