// How the Kafka bus holds back a partition whose batch was deferred (BusBatch.defer), while
// every other partition of the consumer goes on.

/**
 * Partitions paused until a moment: a second pause before the first one ends extends it (batches
 * fetched before the pause still arrive and add to it), and the partition is resumed once.
 */
export class PartitionPauses {
  private until = new Map<string, number>();

  pause(topic: string, partition: number, ms: number, pause: () => () => void): void {
    const key = `${topic}\u0000${partition}`;
    const end = Date.now() + ms;
    const was = this.until.get(key);
    if (was !== undefined) {
      if (end > was) this.until.set(key, end);
      return;
    }
    this.until.set(key, end);
    const resume = pause();
    const check = () => {
      const left = (this.until.get(key) ?? 0) - Date.now();
      if (left > 0) setTimeout(check, left).unref();
      else {
        this.until.delete(key);
        resume();
      }
    };
    setTimeout(check, ms).unref();
  }
}
