import { ValidationError } from 'class-validator';
import { CoreErrorCode, CoreException } from './domain.exception';

/** Flattens class-validator errors into one message that names every failing field by its path. */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  const out: string[] = [];
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    for (const text of Object.values(e.constraints ?? {})) {
      // class-validator names the bare property ("x must be..." or "property x should not exist"); show its path.
      const bare = `property ${e.property} `;
      if (text.startsWith(bare)) out.push(`property ${path} ${text.slice(bare.length)}`);
      else if (text.startsWith(e.property)) out.push(path + text.slice(e.property.length));
      else out.push(`${path}: ${text}`);
    }
    if (e.children?.length) out.push(...describeValidationErrors(e.children, path));
  }
  return out;
}

export function validationException(errors: ValidationError[]): CoreException {
  return new CoreException(
    CoreErrorCode.ValidationFailed,
    `Validation failed: ${describeValidationErrors(errors).join('; ')}`,
  );
}
