import { connect, type NatsConnection } from '@nats-io/transport-node';
import { natsError } from './errors.js';

/** Accepts `nats://host:port`, `host:port` or `host` (port 4222), as the NATS tools do. */
export function parseNatsUrl(url: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(url) ? url : `nats://${url}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw natsError('E_NATS_URL', `--nats '${url}' is not a NATS address; give nats://HOST:PORT, e.g. nats://127.0.0.1:4222`, { url });
  }
  if (u.protocol !== 'nats:' && u.protocol !== 'tls:') {
    throw natsError('E_NATS_URL', `--nats '${url}' has scheme ${u.protocol}; give nats://HOST:PORT (or tls://HOST:PORT), e.g. nats://127.0.0.1:4222`, { url });
  }
  if (u.hostname === '' || u.pathname.replace(/^\/$/, '') !== '' || u.search !== '') {
    throw natsError('E_NATS_URL', `--nats '${url}' must be just a host and port; give nats://HOST:PORT, e.g. nats://127.0.0.1:4222`, { url });
  }
  return `${u.protocol}//${u.host}`;
}

/**
 * Connects with a short first-connect timeout and unlimited reconnects afterwards, so a server
 * restart mid-run is ridden out (publishes are retried by the run log) rather than fatal.
 *
 * @example const nc = await connectNats('nats://127.0.0.1:4222');
 */
export async function connectNats(url: string, options: { readonly timeoutMs?: number; readonly name?: string } = {}): Promise<NatsConnection> {
  const server = parseNatsUrl(url);
  try {
    return await connect({
      servers: server,
      timeout: options.timeoutMs ?? 5_000,
      name: options.name ?? 'tickfold',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
  } catch (e) {
    throw natsError(
      'E_NATS_UNREACHABLE',
      `cannot connect to NATS at ${server} (${(e as Error).message}); start a server with JetStream ('nats-server -js') or check the address and port`,
      { url: server },
    );
  }
}
