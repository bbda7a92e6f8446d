import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const base64url = (value: Buffer | string): string => Buffer.from(value).toString('base64url');
const encode = (header: object, payload: object): string => `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;

export const inAnHour = (): number => Math.floor(Date.now() / 1000) + 3600;

/** An HS256 token, signed here with node:crypto so the tests do not trust the verifier they test. */
export function hs256(secret: string, payload: object, header: object = {}): string {
  const body = encode({ alg: 'HS256', typ: 'JWT', ...header }, payload);
  return `${body}.${base64url(createHmac('sha256', secret).update(body).digest())}`;
}

/** An `alg: none` token: no signature at all. */
export function unsigned(payload: object): string {
  return `${encode({ alg: 'none', typ: 'JWT' }, payload)}.`;
}

export interface Jwks {
  url: string;
  /** An RS256 token signed with the served key, or with `key` when given. */
  rs256(payload: object, options?: { kid?: string; key?: KeyObject }): string;
  close(): Promise<void>;
}

/** A real JWKS endpoint on loopback serving one RSA key. */
export async function startJwks(): Promise<Jwks> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    rs256(payload, { kid = 'test-key', key = privateKey } = {}) {
      const body = encode({ alg: 'RS256', typ: 'JWT', kid }, payload);
      return `${body}.${base64url(sign('sha256', Buffer.from(body), key))}`;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const otherRsaKey = (): KeyObject => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
