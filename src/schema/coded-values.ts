import { builder } from './builder.js';
import { CALL_TYPES, type CodeLabel, LEAVE_REASONS, MEDIA_TYPES, SUB_MEDIA_TYPES } from './code-tables.js';

/**
 * The vendor's integer codes as objects: `code` always, `name`/`description` where our table knows
 * the code. Closed enums would turn every new vendor code into an error, so these stay open.
 */
function codedValueType(name: string, description: string, labels: ReadonlyMap<number, CodeLabel>) {
  return builder.objectRef<number>(name).implement({
    description,
    fields: (t) => ({
      code: t.int({ description: 'The vendor integer code, always present.', resolve: (code) => code }),
      name: t.string({
        nullable: true,
        description: 'Symbolic name of the code, or null when the code is not in our table.',
        resolve: (code) => labels.get(code)?.name ?? null,
      }),
      description: t.string({
        nullable: true,
        description: 'Human-readable meaning of the code, or null when the code is not in our table.',
        resolve: (code) => labels.get(code)?.description ?? null,
      }),
    }),
  });
}

export const CallType = codedValueType(
  'CallType',
  'How a call was placed (inbound, agent outbound, IVR, …).',
  CALL_TYPES,
);
export const MediaType = codedValueType(
  'MediaType',
  'The medium of a call or access code (voice, video, chat, …).',
  MEDIA_TYPES,
);
export const SubMediaType = codedValueType(
  'SubMediaType',
  'The channel of a multimedia (code 53) contact, e.g. WhatsApp or web chat. Codes 7-10 differ between vendor versions and carry no label.',
  SUB_MEDIA_TYPES,
);
export const LeaveReason = codedValueType(
  'LeaveReason',
  'Why the call left the device that handled it.',
  LEAVE_REASONS,
);
