import type { ApiErrorBody, AssetUploaded } from '@qe/shared';
import type { TLAssetStore } from 'tldraw';
import { latestToken } from '../tokenRenewal';

/**
 * Images dropped or pasted onto the canvas are uploaded to the board's asset endpoint; the
 * document only keeps the URL. Reading needs the board token, so images are fetched with it
 * and shown from blob URLs.
 */
export function createBoardAssetStore(boardId: string, token: string): TLAssetStore {
  const resolved = new Map<string, Promise<string | null>>();
  return {
    async upload(_asset, file, abortSignal) {
      const response = await fetch(`/api/boards/${boardId}/assets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${latestToken(token)}`, 'content-type': file.type },
        body: file,
        signal: abortSignal,
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => undefined)) as Partial<ApiErrorBody> | undefined;
        throw new Error(body?.error?.message ?? `upload failed (${response.status})`);
      }
      const { src } = (await response.json()) as AssetUploaded;
      return { src };
    },
    resolve(asset) {
      const src = asset.props.src;
      if (!src || !src.startsWith(`/api/boards/${boardId}/assets/`)) return src;
      let url = resolved.get(src);
      if (!url) {
        url = fetch(src, { headers: { authorization: `Bearer ${latestToken(token)}` } })
          .then(async (response) => (response.ok ? URL.createObjectURL(await response.blob()) : null))
          .catch(() => null);
        resolved.set(src, url);
      }
      return url;
    },
  };
}
