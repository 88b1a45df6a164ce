/**
 * Finished, encoded reply bodies for list pages whose content never changes (unfiltered access codes,
 * softphones), keyed by limit/offset. Keeps benchmarks measuring the client, not this simulator.
 */
export class ReplyCache {
  private readonly bodies = new Map<string, Buffer>();

  constructor(private readonly capacity = 64) {}

  get(key: string, build: () => string): Buffer {
    let body = this.bodies.get(key);
    if (!body) {
      body = Buffer.from(build(), 'utf8');
      if (this.bodies.size >= this.capacity) {
        const oldest = this.bodies.keys().next();
        if (!oldest.done) this.bodies.delete(oldest.value);
      }
      this.bodies.set(key, body);
    }
    return body;
  }
}
