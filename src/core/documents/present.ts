/** The values of `T`'s optional fields, any of which may be missing. */
export type Maybe<T> = { [K in keyof T]?: T[K] | undefined };

/**
 * Sets on `target` each field of `values` that is present (neither undefined nor an empty
 * string), so that absent facts stay absent instead of becoming `undefined` fields.
 */
export function setPresent<T extends object>(target: T, values: Maybe<T>): T {
  for (const key of Object.keys(values) as (keyof T)[]) {
    const value = values[key];
    if (value !== undefined && value !== '') target[key] = value as T[keyof T];
  }
  return target;
}
