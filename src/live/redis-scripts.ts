import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script, run atomically in Redis. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

export function lua(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * Take the lease when free (SET NX PX), or extend it when this instance already holds it (after
 * a reconnect). KEYS: lease, record. ARGV: instanceId, leaseMs.
 * Returns {1, 0, fingerprint, health} when held, {0, pttl} when another instance holds it.
 */
export const ACQUIRE = lua(`
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  if redis.call('GET', KEYS[1]) ~= ARGV[1] then
    return {0, redis.call('PTTL', KEYS[1])}
  end
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
local stored = redis.call('HMGET', KEYS[2], 'fp', 'health')
return {1, 0, stored[1], stored[2]}
`);

/** Compare-and-renew the lease, and keep the key's record alive with it. KEYS: lease, record. ARGV: instanceId, leaseMs, recordTtlMs. */
export const RENEW = lua(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
`);

/** Compare-and-delete the lease, then tell followers it is free. KEYS: lease. ARGV: instanceId, channel, vacant message. */
export const RELEASE = lua(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1
`);

/**
 * Number an event, record it as the key's latest value or health, and publish it, all only while
 * this instance holds the lease: a deposed leader cannot publish. The record's epoch is set by
 * whoever creates it, so numbering that restarts (Redis lost its data) is told apart.
 * KEYS: lease, record. ARGV: instanceId, channel, body, event type, fingerprint, recordTtlMs, epoch if new.
 * Returns the sequence number, or 0 when this instance does not hold the lease.
 */
export const PUBLISH = lua(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('HSETNX', KEYS[2], 'epoch', ARGV[7])
local seq = redis.call('HINCRBY', KEYS[2], 'seq', 1)
local epoch = redis.call('HGET', KEYS[2], 'epoch')
local message = '{"kind":"event","seq":' .. seq .. ',"epoch":"' .. epoch .. '","body":' .. ARGV[3] .. '}'
if ARGV[4] == 'value' then
  redis.call('HSET', KEYS[2], 'value', message, 'fp', ARGV[5])
elseif ARGV[4] == 'degraded' then
  redis.call('HSET', KEYS[2], 'health', message)
elseif ARGV[4] == 'recovered' then
  redis.call('HDEL', KEYS[2], 'health')
end
redis.call('PEXPIRE', KEYS[2], ARGV[6])
redis.call('PUBLISH', ARGV[2], message)
return seq
`);

/** EVALSHA, falling back to EVAL the first time a server sees the script (or after it restarted). */
export async function runScript(client: Redis, script: LuaScript, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
  try {
    return await client.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return client.eval(script.source, keys.length, ...keys, ...args);
  }
}
