import { GraphQLError, Kind } from 'graphql';
import { builder } from './builder.js';

// An offset (or Z) is required: a bare local time would be read in the server's zone, silently.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** Date parsing rolls impossible days over (Feb 30 becomes Mar 2); reject them instead. */
function isRealCalendarDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const [hour, minute] = value.slice(11, 16).split(':').map(Number) as [number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59;
}

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_WITH_OFFSET.test(value)) {
    throw badInput('DateTime must be an ISO-8601 string with an offset or Z, e.g. "2026-11-22T08:30:00Z"');
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || !isRealCalendarDate(value)) {
    throw badInput(`DateTime "${value}" is not a valid date`);
  }
  return date;
}

export const DateTime = builder.scalarType('DateTime', {
  description:
    'An instant as an ISO-8601 string. Output is UTC with milliseconds ("2026-11-22T08:30:00.000Z"); ' +
    'input must carry an offset or Z.',
  serialize: (value) => (typeof value === 'number' ? new Date(value) : value).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('DateTime must be a string', {
        nodes: ast,
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return parseDateTime(ast.value);
  },
});
