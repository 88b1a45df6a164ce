import type { ValidationOptions } from '@pothos/plugin-zod';

/** Argument rules shared by several fields, taken from the vendor's documented limits. */
export const phoneNumberRule: ValidationOptions<string> = {
  type: 'string',
  minLength: [1, { message: 'must not be empty' }],
  maxLength: [32, { message: 'must be at most 32 characters' }],
  regex: [/^\+?[0-9]+$/, { message: 'must contain digits only (an optional leading + is allowed)' }],
};

export const optionalPhoneNumberRule: ValidationOptions<string> = {
  type: 'string',
  maxLength: [32, { message: 'must be at most 32 characters' }],
  regex: [/^[0-9]*$/, { message: 'must contain digits only' }],
};

/** An access code as the vendor stores it: 1 to 32 characters. */
export const accessCodeRule: ValidationOptions<string> = {
  type: 'string',
  minLength: [1, { message: 'must not be empty' }],
  maxLength: [32, { message: 'must be at most 32 characters' }],
};
