/** One line of the audit log: what happened, by whom, to which board — never content. */
export interface AuditEvent {
  id: number;
  at: string;
  /** the acting account or guest id ('system' for scheduled jobs) */
  actor: string;
  actorName: string;
  action: string;
  boardId: string | null;
  /** small facts such as role, format, count; never board content */
  detail: Record<string, string | number | boolean | null>;
}
