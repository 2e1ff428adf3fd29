import { Transform } from 'class-transformer';

/** Emails compare case-insensitively: they are trimmed and lower-cased before validation and storage. */
export const NormalizeEmail = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));
