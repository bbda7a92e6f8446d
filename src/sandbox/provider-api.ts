import type { Provider } from '../upstreams/provider.js';
import type { Reply } from './http-server.js';

/** How a provider expects its key: `Authorization: Bearer <key>`, or the raw key in a named header. */
export type AuthScheme = { kind: 'bearer' } | { kind: 'header'; name: 'authorization' | 'x-api-key' };

export interface RouteCall {
  /** Path parameters exactly as they appeared in the URL, still percent-encoded. */
  params: Readonly<Record<string, string>>;
  /** The query string, parsed; empty when the URL has none. */
  query: URLSearchParams;
  /** The request body, capped; rejects with BodyTooLargeError past the cap. */
  body(): Promise<Buffer>;
}

export type RouteHandler = (call: RouteCall) => Reply | Promise<Reply>;

export interface Route {
  /** Matched against the path after `basePath`, without the query string; named groups become params. */
  pattern: RegExp;
  methods: Readonly<Partial<Record<'GET' | 'PUT' | 'POST' | 'PATCH', RouteHandler>>>;
}

/**
 * Everything that differs between the four simulated upstreams. The request pipeline, auth check and
 * fault injection are shared (provider-server.ts, faults.ts) and only ask these questions.
 */
export interface ProviderApi {
  readonly provider: Provider;
  /** Path prefix of the real server URL (Ping's `/customer/v2`); the sandbox URL includes it. */
  readonly basePath: string;
  readonly auth: AuthScheme;
  readonly routes: readonly Route[];
  /** The provider's own error answer for `status`: its body shape, or no body where its contract has none. */
  errorReply(status: number, message?: string): Reply;
  /** A 200 body that parses as JSON but breaks the provider's response contract. */
  contractViolation(): unknown;
  /** A contract-valid 200 body with `padding` as the value of one of its string fields. */
  paddedBody(padding: string): unknown;
}
