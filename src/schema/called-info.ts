import type { CalledInfo } from '../datasources/called-info.js';
import { builder } from './builder.js';
import { phoneNumberRule } from './validation-rules.js';

const CalledDeviceType = builder.enumType('CalledDeviceType', {
  description: 'What a called number is routed to.',
  values: {
    SKILL_QUEUE: { description: 'A skill queue of agents.' },
    NUMBER: { description: 'Another number.' },
  } as const,
});

export const CalledInfoRef = builder.objectRef<CalledInfo>('CalledInfo').implement({
  description: 'Where the contact center routes a call from a caller to a called number.',
  fields: (t) => ({
    caller: t.exposeString('caller', { description: 'The calling number asked about.' }),
    called: t.exposeString('called', { description: 'The called number (usually an access code).' }),
    deviceType: t.expose('deviceType', {
      type: CalledDeviceType,
      description: 'Whether the call goes to a skill queue or to a number.',
    }),
    routedNumber: t.exposeString('routedNumber', {
      nullable: true,
      description:
        'The number the call is routed to, as the vendor reports it (the destination when NUMBER).',
    }),
    skillId: t.exposeInt('skillId', {
      nullable: true,
      description: 'The skill queue id, when routed to a queue.',
    }),
    skillName: t.exposeString('skillName', {
      nullable: true,
      description: 'The skill queue name, when routed to a queue.',
    }),
  }),
});

builder.queryField('calledInfo', (t) =>
  t.field({
    type: CalledInfoRef,
    nullable: true,
    requiredScope: 'cec:read',
    description: 'How a call from `caller` to `called` is routed; null when `called` is not configured.',
    args: {
      caller: t.arg.string({
        required: true,
        description: 'Calling number, digits.',
        validate: phoneNumberRule,
      }),
      called: t.arg.string({
        required: true,
        description: 'Called number, digits.',
        validate: phoneNumberRule,
      }),
    },
    resolve: (_root, args, context) =>
      context.loaders.calledInfo.route.load({ caller: args.caller, called: args.called }),
  }),
);
