import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isSupportedCountry } from 'libphonenumber-js/max';

/**
 * Each entry is an ISO 3166 region libphonenumber has phone metadata for (`US`, `DE`, `GB`...). A validator of
 * its own rather than `@IsIn(getCountries())`, which would put 245 region codes into the OpenAPI spec.
 */
export function IsPhoneRegion(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPhoneRegion',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && /^[A-Z]{2}$/.test(value) && isSupportedCountry(value),
        defaultMessage: () =>
          'each value in phoneRegions must be an ISO 3166 region code with phone metadata, like US or DE',
      },
    },
    { ...options, each: true },
  );
}
