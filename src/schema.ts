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

/** Sorted, so the printed SDL diffs only where the API changed. */
export const schema = lexicographicSortSchema(builder.toSchema());
