import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './schema/errors.js';
import './schema/session.js';
import './schema/deepset-upload-session.js';
import './schema/paradigm-upload-session.js';
import './schema/ping-vpn-session.js';
import './schema/kadoa-crawl-session.js';
import './schema/deepset-upload-session-list.js';
import './schema/kadoa-crawl-session-list.js';
import './schema/kadoa-crawl-pages.js';
import './schema/close-session.js';
import './schema/create-session.js';
import './schema/pause-session.js';
import './schema/session-subscriptions.js';
import { toSubgraph } from './schema/federation-subgraph.js';

/** The API clients use, sorted so the printed SDL diffs only where the API changed (schema/schema.graphql). */
export const clientSchema = lexicographicSortSchema(builder.toSchema());

/**
 * What the gateway serves: the client API plus `_service` and `_entities`, so a Federation 2
 * gateway can compose it as a subgraph; `subgraphSdl` is schema/subgraph.graphql.
 */
export const { schema, sdl: subgraphSdl } = toSubgraph(clientSchema);
