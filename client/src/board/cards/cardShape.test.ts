import { createTLSchema, defaultShapeSchemas, T } from 'tldraw';
import { describe, expect, it } from 'vitest';
import { cardShapeMigrations, cardShapeProps } from './cardShape';

/** The card as versions before the migrations wrote it: free-string kind and view, no migrations. */
const before = createTLSchema({
  shapes: { ...defaultShapeSchemas, 'qe-card': { props: { w: T.number, h: T.number, kind: T.string, recordId: T.string, view: T.string, label: T.string } } },
});
const now = createTLSchema({ shapes: { ...defaultShapeSchemas, 'qe-card': { props: cardShapeProps, migrations: cardShapeMigrations } } });

const card = (props: Record<string, unknown>) =>
  ({
    id: 'shape:qe:x',
    typeName: 'shape',
    type: 'qe-card',
    x: 0,
    y: 0,
    rotation: 0,
    index: 'a1',
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    meta: {},
    props: { w: 220, h: 160, recordId: 'e1', label: '', ...props },
  }) as never;

describe('record card shape migrations', () => {
  it('brings cards written by older versions up to date: unknown kinds become labels, unknown views the plain view', () => {
    const migrated = now.migratePersistedRecord(card({ kind: 'ereignis-alt', view: 'kompakt' }), before.serialize());
    expect(migrated.type).toBe('success');
    expect((migrated as { value: { props: { kind: string; view: string } } }).value.props).toMatchObject({ kind: 'label', view: '' });
    const kept = now.migratePersistedRecord(card({ kind: 'keySituations', view: 'success' }), before.serialize());
    expect((kept as { value: { props: { kind: string; view: string } } }).value.props).toMatchObject({ kind: 'keySituations', view: 'success' });
  });

  it('validates kind and view against the known values', () => {
    const type = now.types.shape;
    expect(() => type.validate(card({ kind: 'events', view: '' }))).not.toThrow();
    expect(() => type.validate(card({ kind: 'erfunden', view: '' }))).toThrow();
  });
});
