/**
 * Client for the server's JSON API: `api()` for the request itself, and one typed function per
 * route with the request and answer types from @qe/shared (api/). Answers come from our own
 * origin and are not parsed again. Errors carry the server's stable code for translation.
 */
import type {
  ApiErrorBody,
  AuditList,
  BallotVoter,
  PrivateCard,
  PrivateCardBody,
  PrivateCardCount,
  PrivateCardList,
  PrivateCardsMineBody,
  PrivateCardsRevealed,
  Board,
  BoardDetail,
  BoardList,
  BoardNameBody,
  BoardToken,
  ClientConfig,
  Created,
  DismissalAdded,
  DismissalBody,
  EffectiveAccess,
  ExportQuery,
  Invite,
  InviteBody,
  InviteInfo,
  InviteList,
  InviteRevoked,
  JoinBody,
  Joined,
  LoginBody,
  MemberBody,
  OpenRecommendations,
  ParticipantRoleBody,
  ParticipantRoleChanged,
  ImageExportAllowed,
  ImageExportBody,
  Preflight,
  PreflightHit,
  Procedure,
  ProcedureBoardBody,
  ProcedureToken,
  ProcedureBody,
  ProcedureEvidence,
  ProcedureExportQuery,
  ProcedureList,
  ProcedurePatchBody,
  RenewedToken,
  RetentionBody,
  Schutzliste,
  SchutzlisteBody,
  PseudonymsBody,
  Session,
  SetupBody,
  SetupStatus,
  SyncTicket,
} from '@qe/shared';
import { latestToken } from './tokenRenewal';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** the pre-flight hits of a refused export (409 preflight_hits) */
    readonly hits?: PreflightHit[],
  ) {
    super(message);
  }
}

const SESSION_KEY = 'qe.session';

export function loadSession(): Session | undefined {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as Session;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(SESSION_KEY);
}

/** The error a failed API response stands for (its body is an ApiErrorBody, or not JSON at all). */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  const data = (await response.json().catch(() => undefined)) as (Partial<ApiErrorBody> & { hits?: PreflightHit[] }) | undefined;
  return new ApiError(
    response.status,
    data?.error?.code ?? 'internal',
    data?.error?.message ?? response.statusText,
    Array.isArray(data?.hits) ? data.hits : undefined,
  );
}

export async function api<T>(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${latestToken(options.token)}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Server not reachable');
  }
  if (!response.ok) throw await apiErrorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json().catch(() => undefined)) as T;
}

/** Account or board token; without one the server answers 401. */
type Token = string | undefined;
const seg = encodeURIComponent;
const board = (boardId: string) => `/boards/${seg(boardId)}`;
const queryString = (query: Record<string, string | number | undefined>) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
};

// session and setup
export const getSetupStatus = () => api<SetupStatus>('GET', '/setup');
export const setup = (body: SetupBody) => api<Session>('POST', '/setup', { body });
export const login = (body: LoginBody) => api<Session>('POST', '/login', { body });
export const renewToken = (token: Token) => api<RenewedToken>('POST', '/session/renew', { token });
export const getConfig = () => api<ClientConfig>('GET', '/config');

// boards (account tokens of moderators and admins)
export const listBoards = (token: Token) => api<BoardList>('GET', '/boards', { token });
export const createBoard = (token: Token, body: BoardNameBody) => api<Board>('POST', '/boards', { token, body });
export const createExampleBoard = (token: Token) => api<Board>('POST', '/boards/example', { token });
export const renameBoard = (token: Token, boardId: string, body: BoardNameBody) => api<Board>('PATCH', board(boardId), { token, body });
export const setRetention = (token: Token, boardId: string, body: RetentionBody) => api<Board>('PATCH', `${board(boardId)}/retention`, { token, body });
export const deleteBoard = (token: Token, boardId: string) => api<void>('DELETE', board(boardId), { token });
export const getBoardToken = (token: Token, boardId: string) => api<BoardToken>('POST', `${board(boardId)}/token`, { token });

// one board (board tokens)
export const getBoard = (token: Token, boardId: string) => api<BoardDetail>('GET', board(boardId), { token });
export const getSyncTicket = (token: Token, boardId: string) => api<SyncTicket>('POST', `${board(boardId)}/sync-ticket`, { token });
export const getEffectiveAccess = (token: Token, boardId: string) => api<EffectiveAccess>('GET', `${board(boardId)}/access`, { token });
export const setParticipantRole = (token: Token, boardId: string, sub: string, body: ParticipantRoleBody) =>
  api<ParticipantRoleChanged>('PUT', `${board(boardId)}/participants/${seg(sub)}`, { token, body });
export const getBallotVoter = (token: Token, boardId: string, voteId: string) =>
  api<BallotVoter>('GET', `${board(boardId)}/votes/${seg(voteId)}/voter`, { token });

// private phase: cards kept on the server, outside the board's doc, until the moderator reveals them
export const writePrivateCard = (token: Token, boardId: string, body: PrivateCardBody) =>
  api<PrivateCard>('POST', `${board(boardId)}/private-cards`, { token, body });
export const listMyPrivateCards = (token: Token, boardId: string, body: PrivateCardsMineBody) =>
  api<PrivateCardList>('POST', `${board(boardId)}/private-cards/mine`, { token, body });
export const countPrivateCards = (token: Token, boardId: string) => api<PrivateCardCount>('GET', `${board(boardId)}/private-cards/count`, { token });
export const revealPrivateCards = (token: Token, boardId: string) => api<PrivateCardsRevealed>('POST', `${board(boardId)}/private-cards/reveal`, { token });

// invite links
export const listInvites = (token: Token, boardId: string) => api<InviteList>('GET', `${board(boardId)}/invites`, { token });
export const createInvite = (token: Token, boardId: string, body: InviteBody) => api<Invite>('POST', `${board(boardId)}/invites`, { token, body });
export const revokeInvite = (token: Token, boardId: string, inviteId: string) =>
  api<InviteRevoked>('DELETE', `${board(boardId)}/invites/${seg(inviteId)}`, { token });
export const getInviteInfo = (inviteId: string) => api<InviteInfo>('GET', `/invites/${seg(inviteId)}`);
export const joinInvite = (inviteId: string, body: JoinBody) => api<Joined>('POST', `/invites/${seg(inviteId)}/join`, { body });

// report: Schutzliste, pre-flight, export (a download, see download.ts)
export const getSchutzliste = (token: Token, boardId: string) => api<Schutzliste>('GET', `${board(boardId)}/schutzliste`, { token });
export const putSchutzliste = (token: Token, boardId: string, body: SchutzlisteBody) =>
  api<Schutzliste>('PUT', `${board(boardId)}/schutzliste`, { token, body });
export const savePseudonyms = (token: Token, boardId: string, body: PseudonymsBody) =>
  api<Schutzliste>('POST', `${board(boardId)}/pseudonyms`, { token, body });
export const getPreflight = (token: Token, boardId: string) => api<Preflight>('GET', `${board(boardId)}/preflight`, { token });
/**
 * Asks whether an image of canvas shapes may be made (and records it): answers the pre-flight
 * hits in what the image shows that stop an export to be passed on (none: go ahead).
 */
export async function checkImageExport(token: Token, boardId: string, body: ImageExportBody): Promise<{ hits: PreflightHit[] }> {
  try {
    await api<ImageExportAllowed>('POST', `${board(boardId)}/image-export`, { token, body });
    return { hits: [] };
  } catch (error) {
    if (error instanceof ApiError && error.status === 409 && error.hits) return { hits: error.hits };
    throw error;
  }
}
export const dismissHit = (token: Token, boardId: string, body: DismissalBody) =>
  api<DismissalAdded>('POST', `${board(boardId)}/preflight/dismissals`, { token, body });
export const exportPath = (boardId: string, query: ExportQuery) => `${board(boardId)}/export${queryString({ ...query })}`;

// procedures: the Verfahren with its boards, members and one report
const procedure = (procedureId: string) => `/procedures/${seg(procedureId)}`;
export const listProcedures = (token: Token) => api<ProcedureList>('GET', '/procedures', { token });
export const createProcedure = (token: Token, body: ProcedureBody) => api<Created>('POST', '/procedures', { token, body });
export const getProcedure = (token: Token, procedureId: string) => api<Procedure>('GET', procedure(procedureId), { token });
export const updateProcedure = (token: Token, procedureId: string, body: ProcedurePatchBody) =>
  api<Procedure>('PATCH', procedure(procedureId), { token, body });
export const addProcedureBoard = (token: Token, procedureId: string, body: ProcedureBoardBody) =>
  api<Created>('POST', `${procedure(procedureId)}/boards`, { token, body });
export const addProcedureMember = (token: Token, procedureId: string, body: MemberBody) =>
  api<Created>('POST', `${procedure(procedureId)}/members`, { token, body });
/** a link token for a member: opens the procedure and, by the member's role, its boards */
export const issueProcedureMemberToken = (token: Token, procedureId: string, memberId: string) =>
  api<ProcedureToken>('POST', `${procedure(procedureId)}/members/${seg(memberId)}/token`, { token });
export const removeProcedureMember = (token: Token, procedureId: string, memberId: string) =>
  api<void>('DELETE', `${procedure(procedureId)}/members/${seg(memberId)}`, { token });
export const getOpenRecommendations = (token: Token, procedureId: string) =>
  api<OpenRecommendations>('GET', `${procedure(procedureId)}/recommendations`, { token });
/** every finding of the procedure's boards, numbered as its report numbers them: evidence a recommendation of another board may cite */
export const getProcedureEvidence = (token: Token, procedureId: string) => api<ProcedureEvidence>('GET', `${procedure(procedureId)}/evidence`, { token });
export const getProcedurePreflight = (token: Token, procedureId: string) => api<Preflight>('GET', `${procedure(procedureId)}/preflight`, { token });
export const procedureExportPath = (procedureId: string, query: ProcedureExportQuery) => `${procedure(procedureId)}/export${queryString({ ...query })}`;

// audit log (admins)
export const listAuditEvents = (token: Token, query: { boardId?: string }) => api<AuditList>('GET', `/audit${queryString(query)}`, { token });
export const auditCsvPath = (query: { boardId?: string }) => `/audit${queryString({ format: 'csv', ...query })}`;
