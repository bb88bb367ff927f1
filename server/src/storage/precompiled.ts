import { CompiledQuery, type Compilable } from 'kysely';
import type { Db } from './schema.js';

/**
 * A query built and compiled once, then run with new values. Kysely builds the operation tree and
 * compiles it to SQL on every call, which costs more than the lookup itself (about 40 µs against
 * 10 µs for a row by key on SQLite); the rights lookups of every sync connection are such queries.
 * The query is compiled with a marker per parameter; each run puts the values where the markers
 * ended up in the statement's parameters.
 */
export function precompiled<P extends unknown[], Row>(db: Db, build: (...params: P) => Compilable<Row>): (...params: P) => Promise<Row[]> {
  let compiled: { sql: string; slots: (number | { constant: unknown })[] } | undefined;
  const compile = (arity: number) => {
    const markers = Array.from({ length: arity }, (_, i) => `\u0000precompiled-parameter-${i}\u0000`);
    const query = build(...(markers as P)).compile();
    const slots = query.parameters.map((value) => {
      const index = markers.indexOf(value as string);
      return index >= 0 ? index : { constant: value };
    });
    if (new Set(slots.filter((slot) => typeof slot === 'number')).size !== arity) {
      throw new Error('precompiled: every parameter must appear in the query as a value');
    }
    return { sql: query.sql, slots };
  };
  return async (...params) => {
    compiled ??= compile(params.length);
    const parameters = compiled.slots.map((slot) => (typeof slot === 'number' ? params[slot] : slot.constant));
    const result = await db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters));
    return result.rows;
  };
}
