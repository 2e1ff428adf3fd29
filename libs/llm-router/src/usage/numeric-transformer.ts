import type { ValueTransformer } from 'typeorm';

/** PostgreSQL `numeric` arrives as a string (it may not fit a double); amounts of money here always do. */
export const NUMERIC_AS_NUMBER: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
