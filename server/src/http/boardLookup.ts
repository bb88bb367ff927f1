import type { Board, Storage } from '../storage/types.js';
import { HttpError } from './errors.js';

/**
 * The board with this id, else 404 `board_not_found`. Routes call it inside their handler, that
 * is after their access guard (access.ts) has checked the token: the guard answers first.
 */
export async function existingBoard(storage: Pick<Storage, 'boards'>, id: string): Promise<Board> {
  const board = await storage.boards.get(id);
  if (!board) throw new HttpError(404, 'board_not_found', `No board with id ${id}`);
  return board;
}
