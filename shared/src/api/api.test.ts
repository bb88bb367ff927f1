import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { describeIssues } from '../describeIssues.js';
import {
  auditQuery,
  boardNameBody,
  dismissalBody,
  exportQuery,
  importQuery,
  inviteBody,
  joinBody,
  loginBody,
  participantRoleBody,
  retentionBody,
  schutzlisteBody,
  setupBody,
  voterParams,
} from './index.js';

/** What the server answers for a bad body or query: every problem, named by its field. */
function problems(schema: z.ZodType, input: unknown, whole = 'body'): string[] {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`accepted ${JSON.stringify(input)}`);
  return describeIssues(result.error, whole);
}

describe('API schemas', () => {
  it('name every problem of a bad setup body', () => {
    expect(problems(setupBody, { email: 'nobody', name: ' ', password: 'short' })).toEqual([
      'email: Invalid email address',
      'name: Too small: expected string to have >=1 characters',
      'password: Too small: expected string to have >=10 characters',
    ]);
    expect(problems(loginBody, { email: 'a@b.de' })).toEqual(['password: Invalid input: expected string, received undefined']);
  });

  it('name the whole body when no single field is wrong', () => {
    expect(problems(retentionBody, {})).toEqual(['body: give finished or deleteAfter']);
    expect(problems(boardNameBody, 'Board')).toEqual(['body: Invalid input: expected object, received string']);
    expect(problems(retentionBody, { deleteAfter: '31.12.2030' })[0]).toMatch(/^deleteAfter: /);
  });

  it('name nested fields by their path', () => {
    expect(problems(schutzlisteBody, { terms: ['Anna Muster', 'x'] })).toEqual(['terms.1: Too small: expected string to have >=2 characters']);
  });

  it('keep their own German messages for what users type', () => {
    expect(problems(joinBody, { name: '   ' })).toEqual(['name: Name fehlt']);
    expect(problems(dismissalBody, { hitId: 'h1', reason: 'ok' })).toEqual(['reason: Begründung fehlt']);
  });

  it('refuse roles a route does not give', () => {
    expect(problems(inviteBody, { role: 'moderator' })).toEqual(['role: Invalid option: expected one of "editor"|"observer"|"analyst"']);
    expect(problems(participantRoleBody, { role: 'admin' })).toEqual([
      'role: Invalid option: expected one of "moderator"|"editor"|"analyst"|"observer"|"removed"',
    ]);
    expect(inviteBody.parse({ role: 'editor' })).toEqual({ role: 'editor', label: '', expiresInHours: 24, maxUses: null });
  });

  it('check query strings; a message that names its field is not prefixed again', () => {
    expect(problems(exportQuery, { format: 'html' }, 'query')).toEqual(['format must be docx, pdf or md']);
    expect(problems(exportQuery, { format: ['pdf', 'md'] }, 'query')).toEqual(['format must be docx, pdf or md']);
    expect(problems(voterParams, { voteId: 'a b' }, 'params')).toEqual(['voteId must be 1–64 letters, digits, - or _']);
    expect(problems(auditQuery, { limit: '0', format: 'xml' }, 'query')).toEqual([
      'limit: Too small: expected number to be >=1',
      'format: Invalid option: expected one of "json"|"csv"',
    ]);
  });

  it('read query flags as on only for 1, never as an error', () => {
    expect(exportQuery.parse({})).toEqual({ format: 'docx', draft: false, includeDiscarded: false });
    expect(exportQuery.parse({ format: 'md', draft: '1', includeDiscarded: ['1', '1'] })).toEqual({ format: 'md', draft: true, includeDiscarded: false });
    expect(importQuery.parse({ dryRun: '1', skipInvalid: 'yes' })).toEqual({ dryRun: true, skipInvalid: false });
  });
});
