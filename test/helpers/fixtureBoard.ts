import { exampleCasePaths, readExampleCase } from '@qe/server/examples';
import { fillExampleCase } from '@qe/shared';
import * as Y from 'yjs';

/**
 * The project's own fictional, pseudonymised example case (shared/examples/fall-beispiel):
 * paths of its chronology, person register and reflection files.
 */
export const EXAMPLE_CASE_FILES = exampleCasePaths();

/**
 * A board Y.Doc holding the example case: persons, chronology and the workshop's reflection
 * (key situations, factors, topics, findings, recommendations), no template applied.
 */
export function fixtureBoard(): Y.Doc {
  const doc = new Y.Doc();
  fillExampleCase(doc, readExampleCase());
  return doc;
}
