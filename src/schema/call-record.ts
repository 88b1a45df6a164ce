import { callRecordRangeProblem } from '../datasources/call-record-window.js';
import type { CallRecord } from '../datasources/call-records.js';
import { builder } from './builder.js';
import { CallType, LeaveReason, MediaType, SubMediaType } from './coded-value.js';
import { connectionLimits, resolveOffsetConnection } from './connection.js';
import { invalidArgument } from './input-validation.js';
import { DateTime } from './scalars.js';
import { optionalPhoneNumberRule } from './validation-rules.js';

export const CallRecordDirection = builder.enumType('CallRecordDirection', {
  description: 'Whether a call came in to the contact center or went out from it.',
  values: {
    INBOUND: { description: 'Calls into the contact center.' },
    OUTBOUND: { description: 'Calls made by the contact center.' },
  } as const,
});

const seconds = (from: number | null, to: number | null) =>
  from === null || to === null || to < from ? null : (to - from) / 1000;

const CallRecordRef = builder.objectRef<CallRecord>('CallRecord').implement({
  description: 'One call handled by a VDN (virtual call center), from the contact center statistics service.',
  fields: (t) => ({
    callId: t.exposeID('callId', { description: 'The vendor call id.' }),
    direction: t.expose('direction', {
      type: CallRecordDirection,
      description: 'Inbound or outbound.',
    }),
    callerNumber: t.exposeString('callerNumber', { nullable: true, description: 'Calling number.' }),
    calleeNumber: t.exposeString('calleeNumber', { nullable: true, description: 'Called number.' }),
    vdn: t.exposeInt('vdn', { description: 'The VDN that handled the call.' }),
    callType: t.expose('callType', {
      type: CallType,
      description: 'How the call was placed.',
    }),
    mediaType: t.expose('mediaType', {
      type: MediaType,
      description: 'Medium of the call.',
    }),
    subMediaType: t.expose('subMediaType', {
      type: SubMediaType,
      nullable: true,
      description: 'Channel of a multimedia contact; null for other media.',
    }),
    leaveReason: t.expose('leaveReason', {
      type: LeaveReason,
      nullable: true,
      description: 'Why the call left the device; null when not reported.',
    }),
    loggedAt: t.expose('loggedAt', {
      type: DateTime,
      nullable: true,
      description: 'When the record was stored.',
    }),
    waitBegin: t.expose('waitBegin', {
      type: DateTime,
      nullable: true,
      description: 'When the caller started waiting.',
    }),
    ackBegin: t.expose('ackBegin', {
      type: DateTime,
      nullable: true,
      description: 'When the call was answered; null when it was not.',
    }),
    callBegin: t.expose('callBegin', {
      type: DateTime,
      nullable: true,
      description: 'When the call began.',
    }),
    callEnd: t.expose('callEnd', {
      type: DateTime,
      nullable: true,
      description: 'When the call ended.',
    }),
    answered: t.boolean({
      description: 'Whether an agent (or device) answered the call.',
      resolve: (c) => c.ackBegin !== null && c.ackBegin > 0,
    }),
    waitSeconds: t.float({
      nullable: true,
      description: 'Seconds from the start of waiting until answer (or until the end, when unanswered).',
      resolve: (c) => seconds(c.waitBegin, c.ackBegin ?? c.callEnd),
    }),
    talkSeconds: t.float({
      nullable: true,
      description: 'Seconds from answer to the end of the call; null when unanswered.',
      resolve: (c) => (c.ackBegin === null ? null : seconds(c.ackBegin, c.callEnd)),
    }),
  }),
});

const CallRecordFilter = builder.inputType('CallRecordFilter', {
  description:
    'Selects call records. The vendor keeps one day: from and to must lie between 00:00:00 yesterday and ' +
    '23:59:59 today in the configured call-center time zone.',
  fields: (t) => ({
    ccId: t.int({
      description: 'Call center id (1-65535); defaults to the configured call center.',
      validate: {
        type: 'number',
        int: true,
        min: [1, { message: 'must be at least 1' }],
        max: [65535, { message: 'must be at most 65535' }],
      },
    }),
    vdn: t.int({
      required: true,
      description: 'VDN (virtual call center) id, 1-5000.',
      validate: {
        type: 'number',
        int: true,
        min: [1, { message: 'must be at least 1' }],
        max: [5000, { message: 'must be at most 5000' }],
      },
    }),
    direction: t.field({
      type: CallRecordDirection,
      required: true,
      description: 'Inbound or outbound calls.',
    }),
    from: t.field({ type: DateTime, required: true, description: 'Start of the period (inclusive).' }),
    to: t.field({ type: DateTime, required: true, description: 'End of the period (inclusive).' }),
    callerNumber: t.string({
      description: 'Only calls from this number (digits).',
      validate: optionalPhoneNumberRule,
    }),
    calleeNumber: t.string({
      description: 'Only calls to this number (digits).',
      validate: optionalPhoneNumberRule,
    }),
  }),
});

builder.queryField('callRecords', (t) =>
  t.connection(
    {
      type: CallRecordRef,
      nullable: true,
      requiredScope: 'cec:read',
      description:
        'Calls of one VDN in a period within yesterday and today, oldest first as the vendor returns them. ' +
        'Null (with a coded error) when querycalls fails or the filter is invalid; other fields of the ' +
        'operation still resolve.',
      args: {
        filter: t.arg({ type: CallRecordFilter, required: true, description: 'Which calls to return.' }),
      },
      resolve: (_root, args, context) => {
        const { filter } = args;
        const from = filter.from.getTime();
        const to = filter.to.getTime();
        const { timeZone, paging } = context.loaders.callRecords;
        const window = context.loaders.callRecords.window();
        const problem = callRecordRangeProblem({ from, to }, window, timeZone);
        if (problem) throw invalidArgument(`filter.${problem.bound}`, problem.message);
        const query = {
          ccId: filter.ccId ?? context.settings.defaultCcId,
          vdn: filter.vdn,
          direction: filter.direction,
          from,
          to,
          ...(filter.callerNumber ? { callerNumber: filter.callerNumber } : {}),
          ...(filter.calleeNumber ? { calleeNumber: filter.calleeNumber } : {}),
        };
        return resolveOffsetConnection<CallRecord>(
          args,
          connectionLimits(context),
          {
            connection: 'callRecords',
            filter: query,
            what: 'call records',
            rules: paging,
            identity: (call) => call.callId,
          },
          (page) => context.loaders.callRecords.page.load({ ...query, ...page }),
        );
      },
    },
    { name: 'CallRecordConnection', description: 'A page of call records.' },
    { name: 'CallRecordEdge', description: 'A call record and its cursor.' },
  ),
);
