// A broker that has just started, or a topic another instance is creating this moment, answers
// "not hosted" / "leader not available" for a few seconds. kafkajs also throws a plain TypeError
// from fetchTopicOffsetsByTimestamp while a new topic's partitions have no leader yet (it pops a
// partition answer that is not there). Both pass: retry, then give up loudly. An error kafkajs
// marks `retriable: false` (an unknown topic name, a denied request) is thrown at once.

export async function whileSettling<T>(request: () => Promise<T>, attempts = 10, stepMs = 500): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (err) {
      const retriable = (err as { retriable?: boolean }).retriable !== false;
      if (!retriable || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, stepMs * attempt));
    }
  }
}
