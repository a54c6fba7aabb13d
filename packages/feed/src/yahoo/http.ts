import { failure, retryableStatus, type Failure } from './failure.js';

export interface HttpLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

export interface Body {
  readonly ok: true;
  readonly status: number;
  readonly contentType: string;
  /** The server's Retry-After, in ms, when it sent one in seconds. */
  readonly retryAfterMs?: number;
  readonly text: string;
}

const causeCode = (e: unknown): string | undefined => {
  const c = (e as { cause?: { code?: unknown } }).cause;
  return typeof c?.code === 'string' ? c.code : undefined;
};

const describeNetwork = (e: unknown): string => {
  const code = causeCode(e);
  const plain: Record<string, string> = { ECONNREFUSED: 'connection refused', ECONNRESET: 'connection reset', ENOTFOUND: 'host not found', EAI_AGAIN: 'DNS lookup failed', UND_ERR_SOCKET: 'socket closed by the server' };
  return code ? `${plain[code] ?? 'network error'} (${code})` : `network error: ${(e as Error)?.message ?? String(e)}`;
};

/**
 * GET `url`, reading at most `maxBytes` of body within `timeoutMs` of wall time (the socket's
 * own clock: a timeout is about real I/O, and its outcome is recorded, never recomputed).
 * Never throws: a failure says why, in words that do not depend on ports or timings.
 *
 * @example const r = await getBody('http://127.0.0.1:8080/x', { timeoutMs: 5000, maxBytes: 1e6 }, fetch, signal);
 */
export async function getBody(url: string, limits: HttpLimits, fetchFn: typeof fetch, outer?: AbortSignal): Promise<Body | Failure> {
  const ac = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; ac.abort(); }, limits.timeoutMs);
  const onOuter = () => ac.abort();
  outer?.addEventListener('abort', onOuter);
  let received = 0;
  try {
    const res = await fetchFn(url, { signal: ac.signal, headers: { accept: 'application/json', 'user-agent': 'Mozilla/5.0 (compatible; tickfold)' }, redirect: 'follow' });
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > limits.maxBytes) {
      ac.abort();
      return failure('too-large', `HTTP ${res.status} body of ${declared} bytes (Content-Length) is over maxBytes ${limits.maxBytes}`, retryableStatus(res.status) || res.ok);
    }
    const chunks: Uint8Array[] = [];
    if (res.body) {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        received += chunk.byteLength;
        if (received > limits.maxBytes) {
          ac.abort();
          return failure('too-large', `HTTP ${res.status} body passed maxBytes ${limits.maxBytes} and was cut off`, retryableStatus(res.status) || res.ok);
        }
        chunks.push(chunk);
      }
    }
    const retryAfterS = Number(res.headers.get('retry-after') ?? NaN);
    return {
      ok: true, status: res.status, contentType: res.headers.get('content-type') ?? '', text: Buffer.concat(chunks).toString('utf8'),
      ...(Number.isFinite(retryAfterS) && retryAfterS >= 0 ? { retryAfterMs: retryAfterS * 1000 } : {}),
    };
  } catch (e) {
    if (timedOut) return failure('timeout', `no complete response within ${limits.timeoutMs} ms (timeoutMs)${received > 0 ? '; the body was still arriving' : ''}`, true);
    if (outer?.aborted) return failure('network', 'request cancelled', false);
    return failure('network', received > 0 ? `connection lost while reading the body: ${describeNetwork(e)}` : describeNetwork(e), true);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuter);
  }
}
