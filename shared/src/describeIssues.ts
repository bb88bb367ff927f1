import type { z } from 'zod';

/**
 * Names every problem of a failed zod parse as "path: message" (`whole` stands in for an empty
 * path). A message that already begins with its field's name ("format must be …") is not
 * prefixed a second time. The one place zod errors are put into words.
 */
export function describeIssues(error: z.ZodError, whole = ''): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path && issue.message.startsWith(`${path} `) ? issue.message : `${path || whole}: ${issue.message}`;
  });
}
