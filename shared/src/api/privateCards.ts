import { z } from 'zod';
import { privateCardInput } from '../session/privatePhase.js';

/**
 * Private writing (session/privatePhase). `secret` is a random value only the author's client
 * holds: in an anonymous phase the server keys the author's cards by a hash of it, never by the
 * person, so it can show authors their own cards without knowing whose they are.
 */
const secret = z.string().regex(/^[A-Za-z0-9_-]{32,128}$/, 'secret: 32–128 letters, digits, - or _');

/** POST /api/boards/:id/private-cards */
export const privateCardBody = privateCardInput.extend({ secret });
export type PrivateCardBody = z.infer<typeof privateCardBody>;

/** POST /api/boards/:id/private-cards/mine */
export const privateCardsMineBody = z.object({ secret });
export type PrivateCardsMineBody = z.infer<typeof privateCardsMineBody>;

export interface PrivateCard {
  id: string;
  frame: string;
  text: string;
  level?: string;
  field?: string;
  createdAt: string;
}

export interface PrivateCardList {
  cards: PrivateCard[];
}

/** GET /api/boards/:id/private-cards/count (moderators): how many are waiting, never whose or what */
export interface PrivateCardCount {
  count: number;
}

/** POST /api/boards/:id/private-cards/reveal (moderators) */
export interface PrivateCardsRevealed {
  revealed: number;
}
