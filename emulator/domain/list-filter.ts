/**
 * A list filter's values as a store's `where` takes them: Mono's array filters take any of their
 * values, and an absent or empty one (`state=` or none) filters nothing.
 */
export function anyOf<T>(values: readonly T[] | undefined): readonly T[] | undefined {
  return values?.length ? values : undefined;
}
