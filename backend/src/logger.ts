import pino, { type DestinationStream, type Logger } from 'pino';

import { toHour } from './clock';

export type { Logger };

/**
 * Structured logs that cannot identify a reporter: entries carry only the
 * fields the code passes explicitly (never a request, its headers, its body or
 * its address), and their time is cut to the hour like every stored time.
 */
export function createLogger({ level, destination }: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: () => `,"time":"${toHour(new Date()).toISOString()}"`,
      serializers: { err: pino.stdSerializers.err },
      // A last line of defence if someone logs a request-shaped object by mistake.
      redact: {
        paths: [
          'req',
          'request',
          'headers',
          'body',
          'ip',
          'ips',
          'remoteAddress',
          '*.headers',
          '*.ip',
          '*.remoteAddress',
        ],
        remove: true,
      },
    },
    destination,
  );
}
