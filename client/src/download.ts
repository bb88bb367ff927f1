import { apiErrorOf } from './api';
import { latestToken } from './tokenRenewal';

/** Downloads a file from the API with a token (a plain link cannot carry the Authorization header). */
export async function downloadFromApi(path: string, token: string, fallbackName: string): Promise<void> {
  const response = await fetch(`/api${path}`, { headers: { authorization: `Bearer ${latestToken(token)}` } });
  if (!response.ok) throw await apiErrorOf(response);
  const name = /filename\*=UTF-8''([^;]+)/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const fromHeader = name ?? /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = fromHeader ? decodeURIComponent(fromHeader) : fallbackName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
