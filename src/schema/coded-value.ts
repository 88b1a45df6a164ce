import type { CodedValue } from '../datasources/vendor/code-tables.js';
import { builder } from './builder.js';

/**
 * The vendor's integer codes as objects: `code` always, `name`/`description` where our table knows
 * the code. Closed enums would turn every new vendor code into an error, so these stay open.
 */
function codedValueType(name: string, description: string) {
  return builder.objectRef<CodedValue>(name).implement({
    description,
    fields: (t) => ({
      code: t.exposeInt('code', { description: 'The vendor integer code, always present.' }),
      name: t.exposeString('name', {
        nullable: true,
        description: 'Symbolic name of the code, or null when the code is not in our table.',
      }),
      description: t.exposeString('description', {
        nullable: true,
        description: 'Human-readable meaning of the code, or null when the code is not in our table.',
      }),
    }),
  });
}

export const CallType = codedValueType(
  'CallType',
  'How a call was placed (inbound, agent outbound, IVR, …).',
);
export const MediaType = codedValueType(
  'MediaType',
  'The medium of a call or access code (voice, video, chat, …).',
);
export const SubMediaType = codedValueType(
  'SubMediaType',
  'The channel of a multimedia (code 53) contact, e.g. WhatsApp or web chat. Codes 7-10 differ between vendor versions and carry no label.',
);
export const LeaveReason = codedValueType('LeaveReason', 'Why the call left the device that handled it.');
