import type { ErrorRequestHandler } from 'express';
import { z } from 'zod';
import { RefusedWriteError } from '../sync/writeGuard.js';

/** An API error: HTTP status, a stable machine-readable code (the client translates it) and a precise message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Parses a request body with a schema, answering 400 with every problem named. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
    throw new HttpError(400, 'invalid_request', problems.join('; '));
  }
  return result.data;
}

export const errorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  if (error instanceof HttpError) {
    res.status(error.status).json({ error: { code: error.code, message: error.message } });
    return;
  }
  if (error instanceof RefusedWriteError) {
    res.status(423).json({ error: { code: 'locked', message: `Nothing was written: ${error.message}; only moderators may change it` } });
    return;
  }
  const status = typeof error?.status === 'number' ? error.status : 500;
  if (status === 413) {
    res.status(413).json({ error: { code: 'too_large', message: 'Request body is too large' } });
    return;
  }
  if (status === 400) {
    res.status(400).json({ error: { code: 'invalid_request', message: 'Request body is not valid JSON' } });
    return;
  }
  console.error('unhandled API error', error);
  res.status(500).json({ error: { code: 'internal', message: 'Internal server error' } });
};
