import { z } from 'zod';
import { ENDPOINT_NAMES, type EndpointName } from '../endpoints.js';

/** A fault to inject on one endpoint; see README "Fault injection". */
export const faultSpecSchema = z
  .object({
    endpoint: z.enum(ENDPOINT_NAMES),
    /** Delay before anything else happens (a timer, never blocking). */
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    /** Answer this HTTP status instead of running the endpoint. */
    status: z.number().int().min(200).max(599).optional(),
    /** 'malformed': a body that is not JSON; 'truncated': the real JSON cut in half. */
    body: z.enum(['malformed', 'truncated']).optional(),
    /** 'legacy': the real reply rewritten into an older shape the vendor docs also show (see legacy-shapes.ts). */
    shape: z.literal('legacy').optional(),
    /** Destroy the socket without any response. */
    drop: z.literal(true).optional(),
    retryAfterSeconds: z.number().int().min(0).optional(),
    /** Applies to the next N requests to the endpoint; absent = until cleared. */
    times: z.number().int().min(1).optional(),
  })
  .strict();

export type FaultSpec = z.infer<typeof faultSpecSchema>;

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

/** Faults in the order added; a request takes the oldest one for its endpoint that still has uses left. */
export class FaultTable {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    this.faults.push({ spec, remaining: spec.times ?? Number.POSITIVE_INFINITY });
  }

  take(endpoint: EndpointName): FaultSpec | undefined {
    if (this.faults.length === 0) return undefined;
    const index = this.faults.findIndex((fault) => fault.spec.endpoint === endpoint);
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault.spec;
  }

  list(): FaultSpec[] {
    return this.faults.map((fault) => fault.spec);
  }

  clear(): void {
    this.faults = [];
  }
}
