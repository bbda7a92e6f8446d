import pino, { type Logger } from 'pino';
import { currentRequestId } from './request-context.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** pino level: trace, debug, info, warn, error, fatal, silent. @default 'info' */
  level?: string;
  /** Human-readable lines instead of JSON. @default false */
  pretty?: boolean;
  /** Where JSON lines go; tests pass a stream they read back. @default stdout */
  destination?: pino.DestinationStream;
}

/**
 * Structured JSON logs. Every line written while serving a request carries its `requestId`.
 * Header and credential fields are redacted by path as a second line of defence: nothing should
 * log them in the first place.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const settings: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: 'sessiongraph' },
    mixin: () => {
      const requestId = currentRequestId();
      return requestId === undefined ? {} : { requestId };
    },
    redact: {
      paths: ['credential', 'apiKey', '*.apiKey', 'headers.authorization', 'headers["x-api-key"]', 'req.headers.authorization', 'req.headers["x-api-key"]'],
      censor: '[redacted]',
    },
    transport: options.pretty ? { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' } } : undefined,
  };
  return options.destination && !options.pretty ? pino(settings, options.destination) : pino(settings);
}

/** A logger that drops everything, for tests and embedding. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
