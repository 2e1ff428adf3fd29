import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

export interface StringRecordRules {
  /** What every key must look like, described for the message. */
  key: RegExp;
  keyHint: string;
  maxEntries: number;
  maxValueLength: number;
  /** Keys refused whatever their value (compared case-insensitively). */
  forbiddenKeys?: readonly string[];
  /** Values must not hold these characters (e.g. CR and LF in HTTP headers). */
  forbiddenValue?: RegExp;
}

/** Why a value is not a valid record under the rules, or undefined when it is. */
export function stringRecordProblem(value: unknown, rules: StringRecordRules): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'must be an object of strings';
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > rules.maxEntries) return `must have at most ${rules.maxEntries} entries`;
  const forbidden = new Set((rules.forbiddenKeys ?? []).map((k) => k.toLowerCase()));
  for (const [key, v] of entries) {
    if (!rules.key.test(key)) return `has an invalid name ${JSON.stringify(key.slice(0, 64))}: ${rules.keyHint}`;
    if (forbidden.has(key.toLowerCase())) return `must not set ${key}: DocQA sets it`;
    if (typeof v !== 'string') return `${key} must be a string`;
    if (v.length > rules.maxValueLength) return `${key} must be at most ${rules.maxValueLength} characters`;
    if (rules.forbiddenValue?.test(v)) return `${key} holds a character it may not hold`;
  }
  return undefined;
}

/** An object whose keys and string values follow the rules (header or environment maps). */
export function IsStringRecord(rules: StringRecordRules, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isStringRecord',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => stringRecordProblem(value, rules) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} ${stringRecordProblem(args?.value, rules) ?? 'is invalid'}`,
      },
    });
}
