import type { AccessCode } from '../datasources/access-codes.js';
import { builder } from './builder.js';
import { CalledInfoRef } from './called-info.js';
import { MediaType } from './coded-value.js';
import { connectionLimits, resolveOffsetConnection } from './connection.js';
import { accessCodeRule, phoneNumberRule } from './validation-rules.js';

const AccessCodeMediaType = builder.enumType('AccessCodeMediaType', {
  description: 'Media types that access codes can be filtered by.',
  values: {
    CLICK_TO_DIAL: { description: 'Click-to-dial (voice from a web page or app).' },
    AUDIO_VIDEO: { description: 'Audio and video calls.' },
    MULTIMEDIA: { description: 'Multimedia (chat) contacts.' },
  } as const,
});

const CallDirection = builder.enumType('CallDirection', {
  description: 'Which calls an access code is used for.',
  values: {
    INBOUND: { description: 'Inbound calls only.' },
    OUTBOUND: { description: 'Outbound calls only.' },
    BOTH: { description: 'Inbound and outbound calls.' },
  } as const,
});

const byCode = (code: AccessCode) => code.accessCode;

export const AccessCodeRef = builder.objectRef<AccessCode>('AccessCode').implement({
  description: 'A service number (hotline) that customers call or that outbound calls present.',
  fields: (t) => ({
    id: t.exposeID('id', {
      description: 'Stable identifier; the access code itself when the vendor does not report an id.',
    }),
    accessCode: t.exposeString('accessCode', { description: 'The access code (the number dialled).' }),
    description: t.exposeString('description', { nullable: true, description: 'Free-text description.' }),
    n400Number: t.exposeString('n400Number', {
      nullable: true,
      description: 'Service number configured for the code, usually the 400 number mapped by the carrier.',
    }),
    mediaType: t.expose('mediaType', {
      type: MediaType,
      description: 'The medium of the access code; code 0 (no label) when the vendor does not report it.',
    }),
    callDirection: t.expose('callDirection', {
      type: CallDirection,
      nullable: true,
      description: 'Whether the code takes inbound calls, places outbound calls, or both; null when unknown.',
    }),
    routing: t.field({
      type: CalledInfoRef,
      nullable: true,
      description: 'Where a call from `caller` to this access code is routed; null when not configured.',
      args: {
        caller: t.arg.string({
          required: true,
          description: 'Calling number, digits.',
          validate: phoneNumberRule,
        }),
      },
      resolve: (code, args, context) =>
        context.loaders.calledInfo.route.load({ caller: args.caller, called: code.accessCode }),
    }),
  }),
});

const AccessCodeFilter = builder.inputType('AccessCodeFilter', {
  description: 'Narrows the access code list. Text filters match anywhere in the value (fuzzy).',
  fields: (t) => ({
    accessCode: t.string({
      description: 'Part of the access code.',
      validate: { type: 'string', maxLength: [32, { message: 'must be at most 32 characters' }] },
    }),
    description: t.string({
      description: 'Part of the description.',
      validate: { type: 'string', maxLength: [256, { message: 'must be at most 256 characters' }] },
    }),
    mediaType: t.field({ type: AccessCodeMediaType, description: 'Only codes of this media type.' }),
  }),
});

builder.queryField('accessCodes', (t) =>
  t.connection(
    {
      type: AccessCodeRef,
      nullable: true,
      requiredScope: 'cec:read',
      description:
        'Access codes of the tenant, in vendor order. The vendor caps its offset (100 by default), so ' +
        'only the first offset-ceiling + 100 rows of one query can be read: narrow the filter when more match.' +
        ' Null (with a coded error) when queryAccessCodeList fails; other fields of the operation still resolve.',
      args: {
        filter: t.arg({ type: AccessCodeFilter, description: 'Optional filters, combined with AND.' }),
      },
      resolve: async (_root, args, context) => {
        const filter = {
          ...(args.filter?.accessCode ? { accessCode: args.filter.accessCode } : {}),
          ...(args.filter?.description ? { description: args.filter.description } : {}),
          ...(args.filter?.mediaType == null ? {} : { mediaType: args.filter.mediaType }),
        };
        const { paging } = context.loaders.accessCodes;
        return resolveOffsetConnection<AccessCode>(
          args,
          connectionLimits(context),
          { connection: 'accessCodes', filter, what: 'access codes', rules: paging, identity: byCode },
          (page) => context.loaders.accessCodes.page.load({ ...filter, ...page }),
        );
      },
    },
    { name: 'AccessCodeConnection', description: 'A page of access codes.' },
    { name: 'AccessCodeEdge', description: 'An access code and its cursor.' },
  ),
);

builder.queryField('accessCode', (t) =>
  t.field({
    type: AccessCodeRef,
    nullable: true,
    requiredScope: 'cec:read',
    description: 'The access code that equals `accessCode` exactly; null when there is none.',
    args: {
      accessCode: t.arg.string({
        required: true,
        description: 'The exact access code.',
        validate: accessCodeRule,
      }),
    },
    resolve: (_root, args, context) => context.loaders.accessCodes.byCode.load(args.accessCode),
  }),
);
