import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { EXAMPLE_CASE, type ExampleCaseFiles } from '@qe/shared';

const require = createRequire(import.meta.url);

/** Where the example case's files are: `@qe/shared/examples/fall-beispiel` (shared/examples/fall-beispiel in the checkout and the image). */
export function exampleCasePaths(): Record<keyof ExampleCaseFiles, string> {
  const file = (name: string) => require.resolve(`@qe/shared/${EXAMPLE_CASE.folder}/${name}`);
  return {
    chronology: file(EXAMPLE_CASE.files.chronology),
    persons: file(EXAMPLE_CASE.files.persons),
    reflection: file(EXAMPLE_CASE.files.reflection),
  };
}

/** The example case's files as bytes, for fillExampleCase. */
export function readExampleCase(): ExampleCaseFiles {
  const paths = exampleCasePaths();
  const read = (file: string) => new Uint8Array(readFileSync(file));
  return { chronology: read(paths.chronology), persons: read(paths.persons), reflection: read(paths.reflection) };
}
