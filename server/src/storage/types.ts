import type {
  AuditEvent,
  Board,
  CaseSelection,
  Invite,
  MemberRole,
  Procedure,
  ProcedureBoard,
  ProcedureBoardKind,
  ProcedureMember,
  ProcedurePhase,
} from '@qe/shared';

/** a board as stored is what the API answers: one declaration, in shared/src/api */
export type { Board };

export type { AuditEvent };

/**
 * Persistence interfaces. Every method is async so that the embedded SQLite store and a
 * networked database can sit behind the same interface.
 */

/** Seals blobs before they are written and opens them after reading (encryption at rest). */
export interface BlobCodec {
  seal(plain: Uint8Array): Buffer;
  open(stored: Uint8Array): Uint8Array;
  /** the stored blob is sealed with the current key (rekeying leaves it alone) */
  isCurrent(stored: Uint8Array): boolean;
  openText(stored: Buffer): string;
  sealText(text: string): Buffer;
}

/** A board's Y.Doc as stored: one snapshot plus the updates that arrived after it. */
export interface DocumentStore {
  /** snapshot (if any) followed by the stored updates, in arrival order */
  load(boardId: string): Promise<Uint8Array[]>;
  /** durably append one accepted update; resolves once it is written */
  appendUpdate(boardId: string, update: Uint8Array): Promise<void>;
  /**
   * Folds the snapshot and every update stored so far into a new snapshot, atomically: updates
   * stored meanwhile (by this or another instance) stay in the log. Safe to run concurrently.
   */
  compact(boardId: string): Promise<void>;
  /** number of updates stored after the snapshot */
  countUpdates(boardId: string): Promise<number>;
  deleteDocument(boardId: string): Promise<void>;
}

export interface User {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  passwordHash: string;
  createdAt: string;
}

export interface UserRepository {
  count(): Promise<number>;
  findByEmail(email: string): Promise<User | undefined>;
  get(id: string): Promise<User | undefined>;
  /** removes the account; tokens issued for it stop working (see auth/rights) */
  remove(id: string): Promise<boolean>;
  /** throws DuplicateError when the e-mail is taken */
  create(user: Omit<User, 'createdAt'>): Promise<User>;
}

export interface Retention {
  finishedAt: string | null;
  deleteAfter: string | null;
}

export interface BoardRepository {
  list(): Promise<Board[]>;
  get(id: string): Promise<Board | undefined>;
  exists(id: string): Promise<boolean>;
  create(board: Pick<Board, 'id' | 'name' | 'createdBy'>): Promise<Board>;
  rename(id: string, name: string): Promise<Board | undefined>;
  setRetention(id: string, retention: Retention): Promise<Board | undefined>;
  /** ids of boards whose deletion date has passed */
  dueForDeletion(now: Date): Promise<string[]>;
  /** removes the board with its document, update log and assets; false when it did not exist */
  delete(id: string): Promise<boolean>;
}

export interface Asset {
  id: string;
  boardId: string;
  mimeType: string;
  data: Buffer;
}

export interface AssetRepository {
  put(asset: Asset): Promise<void>;
  get(boardId: string, assetId: string): Promise<Asset | undefined>;
}

export interface Dismissal {
  boardId: string;
  hitId: string;
  reason: string;
  dismissedBy: string;
  dismissedAt: string;
}

/** Per-board data that never enters the Y.Doc: the encrypted Schutzliste and pre-flight dismissals. */
export interface BoardSecretsRepository {
  getSchutzliste(boardId: string): Promise<Buffer | undefined>;
  putSchutzliste(boardId: string, ciphertext: Buffer): Promise<void>;
  listDismissals(boardId: string): Promise<Dismissal[]>;
  addDismissal(dismissal: Dismissal): Promise<void>;
}

/** An invite link as stored: the API's Invite without the page it opens. */
export type InviteLink = Omit<Invite, 'path'>;

export interface InviteRepository {
  /** the store gives the link its random public id */
  create(link: Omit<InviteLink, 'publicId' | 'uses' | 'revokedAt' | 'createdAt'>): Promise<InviteLink>;
  get(id: string): Promise<InviteLink | undefined>;
  listForBoard(boardId: string): Promise<InviteLink[]>;
  /** counts one use unless the link is used up; false when it was */
  use(id: string): Promise<boolean>;
  revoke(id: string): Promise<void>;
}

/** A moderator's decision about one participant of a board: another role, or removed. */
export type ParticipantOverride = 'moderator' | 'editor' | 'analyst' | 'observer' | 'removed';

export interface ParticipantRepository {
  get(boardId: string, sub: string): Promise<ParticipantOverride | undefined>;
  set(boardId: string, sub: string, override: ParticipantOverride): Promise<void>;
}

export interface AuditQuery {
  boardId?: string;
  /** newest first, at most this many */
  limit: number;
}

export interface AuditRepository {
  record(event: Omit<AuditEvent, 'id' | 'at'>): Promise<void>;
  /** several events written together (one statement per 150), in this order */
  recordAll(events: Omit<AuditEvent, 'id' | 'at'>[]): Promise<void>;
  list(query: AuditQuery): Promise<AuditEvent[]>;
  /** forgets entries older than the cutoff; answers how many */
  deleteOlderThan(cutoff: Date): Promise<number>;
}

/** A card of a private phase as stored (text and level sealed); `ownerKey` see schema.ts */
export interface StoredPrivateCard {
  id: string;
  boardId: string;
  ownerKey: string;
  frame: string;
  text: string;
  level?: string;
  field?: string;
  createdAt: string;
}

export interface PrivateCardRepository {
  add(card: StoredPrivateCard): Promise<void>;
  listForOwners(boardId: string, ownerKeys: string[]): Promise<StoredPrivateCard[]>;
  /** every card of the board, oldest first (for the reveal) */
  listForBoard(boardId: string): Promise<StoredPrivateCard[]>;
  count(boardId: string): Promise<number>;
  /** forgets the given cards; answers how many */
  delete(boardId: string, ids: string[]): Promise<number>;
}

export type { Procedure, ProcedureBoard, ProcedureMember };

/** What of a procedure can be changed after it was created. */
export interface ProcedurePatch {
  title?: string;
  office?: string;
  period?: string;
  phase?: ProcedurePhase;
  themes?: string[];
}

/** A board's place in a procedure, as the rights look it up. */
export interface BoardPlace {
  procedureId: string;
  kind: ProcedureBoardKind;
  label: string;
}

export interface ProcedureRepository {
  /** newest first */
  list(): Promise<Procedure[]>;
  get(id: string): Promise<Procedure | undefined>;
  /** a new procedure in its first phase, with the given quality topics */
  create(procedure: { id: string; title: string; office: string; themes: string[]; createdBy: string }): Promise<Procedure>;
  update(id: string, patch: ProcedurePatch): Promise<Procedure | undefined>;
  /**
   * Puts an existing board into the procedure with the next neutral label ("Fall A", "Fall B", …;
   * the structure board "Strukturanalyse"). Throws DuplicateError when the procedure has a
   * structure board already or the board belongs to a procedure.
   */
  addBoard(procedureId: string, board: { boardId: string; kind: ProcedureBoardKind; selection: CaseSelection | null }): Promise<ProcedureBoard>;
  /** the procedure a board belongs to, if any */
  placeOf(boardId: string): Promise<BoardPlace | undefined>;
  addMember(procedureId: string, member: { id: string; name: string; role: MemberRole; organisation: string }): Promise<ProcedureMember>;
  getMember(procedureId: string, memberId: string): Promise<ProcedureMember | undefined>;
  /** false when there was no such member */
  removeMember(procedureId: string, memberId: string): Promise<boolean>;
}

export interface Storage {
  kind: string;
  documents: DocumentStore;
  users: UserRepository;
  boards: BoardRepository;
  assets: AssetRepository;
  secrets: BoardSecretsRepository;
  invites: InviteRepository;
  participants: ParticipantRepository;
  audit: AuditRepository;
  privateCards: PrivateCardRepository;
  procedures: ProcedureRepository;
  /** re-seals every sealed column (documents, assets, Schutzliste, names, labels, reasons) not sealed with the current key */
  rekey(): Promise<number>;
  /** a cheap round trip to the database */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class DuplicateError extends Error {}
