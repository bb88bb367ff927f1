import type { TestServer } from './server.js';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: any;
}

/** A JSON API caller for one test server: `api('POST', '/boards', { token, body })`. */
export function apiClient(server: () => TestServer) {
  return async function api(method: string, route: string, { token, body }: { token?: string; body?: unknown } = {}): Promise<ApiAnswer> {
    const response = await fetch(`${server().server.url}/api${route}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
}
