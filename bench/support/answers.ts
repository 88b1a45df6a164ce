/**
 * Checking answers. Every response body of every run is checked: against the reference answer (the
 * oracle's, from the direct vendor calls) or, for answers that differ by design, by the scenario's own
 * check. A server's cursors are its own, so cursor values are compared only for being non-empty strings.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Scenario } from '../scenarios/scenario.js';

const CURSOR_KEYS = new Set(['cursor', 'startCursor', 'endCursor']);

/** The value with every cursor replaced by a placeholder (when it is a non-empty string). */
function withoutCursors(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutCursors);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      CURSOR_KEYS.has(key) && typeof inner === 'string' && inner !== '' ? '<cursor>' : withoutCursors(inner),
    ]),
  );
}

/** Null when `body` is a right answer of `scenario`, else what is wrong (for the first bad answer). */
export function problemOf(scenario: Scenario, reference: unknown, body: string): string | null {
  let parsed: { data?: unknown; errors?: unknown };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return `not JSON: ${body.slice(0, 200)}`;
  }
  if (parsed.errors !== undefined) return `errors: ${JSON.stringify(parsed.errors).slice(0, 300)}`;
  if (scenario.verify) return scenario.verify(parsed.data, reference);
  return isDeepStrictEqual(withoutCursors(parsed.data), withoutCursors(reference))
    ? null
    : `data differs from the direct answer: ${body.slice(0, 300)}`;
}

/**
 * A fast check for the load generator: a body equal to `firstBody` (already checked) passes at the cost
 * of a string comparison; any other body is checked in full.
 */
export function answerCheck(scenario: Scenario, reference: unknown, firstBody: string) {
  const exact = scenario.verify ? null : firstBody;
  return (body: string): boolean => body === exact || problemOf(scenario, reference, body) === null;
}
