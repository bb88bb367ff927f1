import { apiErrorBody, describeIssues } from '@qe/shared';
import type { ErrorRequestHandler } from 'express';
import type { z } from 'zod';
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

/**
 * Parses part of a request with a schema from @qe/shared (api/), answering 400 `invalid_request`
 * with every problem named. Every route checks its body and query string through here.
 */
export function parseRequest<T extends z.ZodType>(schema: T, part: 'body' | 'query' | 'params', value: unknown): z.output<T> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw new HttpError(400, 'invalid_request', describeIssues(result.error, part).join('; '));
  return result.data;
}

export const parseBody = <T extends z.ZodType>(schema: T, body: unknown): z.output<T> => parseRequest(schema, 'body', body);
export const parseQuery = <T extends z.ZodType>(schema: T, query: unknown): z.output<T> => parseRequest(schema, 'query', query);
export const parseParams = <T extends z.ZodType>(schema: T, params: unknown): z.output<T> => parseRequest(schema, 'params', params);

export const errorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  if (error instanceof HttpError) {
    res.status(error.status).json(apiErrorBody(error.code, error.message));
    return;
  }
  if (error instanceof RefusedWriteError) {
    res.status(423).json(apiErrorBody('locked', `Nothing was written: ${error.message}; only moderators may change it`));
    return;
  }
  const status = typeof error?.status === 'number' ? error.status : 500;
  if (status === 413) {
    res.status(413).json(apiErrorBody('too_large', 'Request body is too large'));
    return;
  }
  if (status === 400) {
    res.status(400).json(apiErrorBody('invalid_request', 'Request body is not valid JSON'));
    return;
  }
  console.error('unhandled API error', error);
  res.status(500).json(apiErrorBody('internal', 'Internal server error'));
};
