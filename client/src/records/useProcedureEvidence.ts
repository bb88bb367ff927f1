import type { ProcedureEvidenceItem } from '@qe/shared';
import { useEffect, useState } from 'react';
import { getProcedureEvidence } from '../api';

/** The board's procedure, when it belongs to one, and a token that may read the procedure. */
export interface ProcedureAccess {
  procedureId: string;
  boardId: string;
  token: string;
}

/**
 * The findings of the procedure's OTHER boards, numbered as the procedure's report numbers them
 * (GET /api/procedures/:id/evidence); undefined while loading, without a procedure, or when the
 * server refuses (a case board's guest may not read the procedure): then nothing is offered.
 */
export function useProcedureEvidence(access: ProcedureAccess | undefined): ProcedureEvidenceItem[] | undefined {
  const [offered, setOffered] = useState<ProcedureEvidenceItem[]>();
  const { token, procedureId, boardId } = access ?? {};
  useEffect(() => {
    if (!token || !procedureId) return setOffered(undefined);
    let cancelled = false;
    getProcedureEvidence(token, procedureId)
      .then(({ evidence }) => !cancelled && setOffered(evidence.filter((item) => item.boardId !== boardId)))
      .catch(() => !cancelled && setOffered(undefined));
    return () => {
      cancelled = true;
    };
  }, [token, procedureId, boardId]);
  return offered;
}
