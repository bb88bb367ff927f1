/** Every API error answers with this body: a stable code (the client translates it) and a precise message. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

export const apiErrorBody = (code: string, message: string): ApiErrorBody => ({ error: { code, message } });
