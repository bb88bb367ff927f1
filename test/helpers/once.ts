/**
 * A setup step shared by several tests of one file: it runs the first time any test needs it and
 * later callers get the same result, so each test states what it builds on and can also run alone
 * (`vitest -t`).
 */
export function once<T>(run: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= run());
}
