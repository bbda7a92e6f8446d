import { builder } from '../builder.js';
import { PING_STATUSES, type PingVpnSession } from '../upstreams/ping/ping-session.js';
import { validateRef } from '../upstreams/session-ref.js';
import { upperCaseValues } from './enums.js';
import { providerSessionOptions } from './session.js';

const PingSessionStatusEnum = builder.enumType('PingSessionStatus', { values: upperCaseValues(PING_STATUSES) });

export const PingVpnSessionType = builder.objectRef<PingVpnSession>('PingVpnSession').implement({
  description: 'A Ping Network VPN session. Byte counters are 64-bit and come as strings of digits.',
  ...providerSessionOptions('PING'),
  fields: (t) => ({
    clientId: t.exposeString('clientId'),
    status: t.field({ type: PingSessionStatusEnum, resolve: (s) => s.status }),
    duration: t.field({ type: 'SafeInt', nullable: true, description: 'Seconds connected.', resolve: (s) => s.duration }),
    uploadedBytes: t.field({ type: 'Int64', nullable: true, resolve: (s) => s.uploadedBytes }),
    downloadedBytes: t.field({ type: 'Int64', nullable: true, resolve: (s) => s.downloadedBytes }),
  }),
});

builder.queryField('pingVpnSession', (t) =>
  t.field({
    type: PingVpnSessionType,
    nullable: true,
    description:
      'A Ping Network VPN session by its session id, with its 64-bit byte counters. Null with a NOT_FOUND error when Ping has no such session.',
    args: { id: t.arg.string({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.sessionLoader.load(validateRef({ provider: 'PING', sessionId: id })) as Promise<PingVpnSession>,
  }),
);
