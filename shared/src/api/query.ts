import { z } from 'zod';

/**
 * A query-string flag: on only as `1`; anything else, a repeated flag or none at all is off
 * (never an error). Senders set it as `1` or leave it out.
 */
export const queryFlag = z
  .custom<'1'>()
  .optional()
  .transform((value) => value === '1');
