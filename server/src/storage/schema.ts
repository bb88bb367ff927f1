import type { ColumnType, Generated, Kysely } from 'kysely';
import type { InviteLink, ParticipantOverride } from './types.js';

/**
 * The tables as both databases hold them (created by migrations.ts). One representation per kind
 * of value, the same on SQLite and PostgreSQL:
 * - timestamps: TEXT, ISO-8601 in UTC with milliseconds as Date#toISOString writes them
 *   ("2026-01-10T10:00:00.000Z"). The app makes them (never now() in SQL) and normalises the ones
 *   it is given, so both databases hold the same values; fixed width, so string order is time order.
 * - booleans: INTEGER 0/1; JSON: TEXT; counters and serial ids: numbers (PostgreSQL BIGINT is
 *   parsed as a number, see postgres.ts).
 * - sealed data (AES-GCM, see crypto/keyring.ts): BLOB / BYTEA.
 */
export interface Tables {
  users: {
    id: string;
    email: string;
    name: string;
    is_admin: number;
    password_hash: string;
    created_at: string;
  };
  boards: {
    id: string;
    name: SealedText;
    created_by: string;
    created_at: string;
    updated_at: string;
    finished_at: string | null;
    delete_after: string | null;
  };
  doc_snapshots: { board_id: string; data: Buffer };
  doc_updates: { seq: Generated<number>; board_id: string; data: Buffer };
  assets: { board_id: string; id: string; mime_type: string; data: Buffer };
  /** the Schutzliste, sealed by the caller */
  protected_terms: { board_id: string; data: Buffer };
  preflight_dismissals: {
    board_id: string;
    hit_id: string;
    reason: SealedText;
    dismissed_by: string;
    dismissed_at: string;
  };
  invite_links: {
    id: string;
    public_id: string;
    board_id: string;
    role: InviteLink['role'];
    label: SealedText;
    expires_at: string;
    max_uses: number | null;
    uses: Generated<number>;
    revoked_at: string | null;
    created_by: string;
    created_at: string;
  };
  participant_overrides: { board_id: string; sub: string; override: ParticipantOverride };
  /** cards of a private phase (session/privatePhase) until revealed: never in the board's doc */
  private_cards: {
    id: string;
    board_id: string;
    /** `user:<sub>`, or in an anonymous phase `anon:<hash of a secret only the author's client holds>` */
    owner_key: string;
    frame: string;
    /** sealed JSON {text, level} */
    data: Buffer;
    created_at: string;
  };
  procedures: {
    id: string;
    title: SealedText;
    office: string;
    period: string;
    phase: string;
    /** JSON: the quality topics, in order */
    themes: string;
    created_by: string;
    created_at: string;
    updated_at: string;
  };
  procedure_members: {
    id: string;
    procedure_id: string;
    name: SealedText;
    role: string;
    organisation: string;
    created_at: string;
  };
  /** a board's place in a procedure (a board belongs to at most one) */
  procedure_boards: {
    board_id: string;
    procedure_id: string;
    kind: string;
    selection: string | null;
    label: string;
    position: number;
  };
  audit_log: {
    id: Generated<number>;
    at: string;
    actor: string;
    actor_name: SealedText;
    action: string;
    board_id: string | null;
    /** JSON */
    detail: string;
  };
}

/** A sealed text field; SQLite files from before sealing hold plain strings until the start-up pass seals them. */
type SealedText = ColumnType<Buffer | string, Buffer, Buffer>;

export type Db = Kysely<Tables>;

/** now, as stored */
export const now = (): string => new Date().toISOString();

/** a given timestamp in the stored form */
export const iso = (value: string | Date): string => new Date(value).toISOString();
export const isoOrNull = (value: string | null): string | null => (value === null ? null : iso(value));

/**
 * A database without table types, for migrations, the conversion of former databases and
 * re-sealing by column name: the tables they see change over time (Kysely's advice for migrations).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type UntypedDb = Kysely<any>;
