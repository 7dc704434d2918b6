import path from 'node:path';

import { z } from 'zod';

import { projectRoot } from './project';

const fingerprint = z
  .string()
  .transform((s) => s.replace(/[\s:]/g, '').toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{40}$/, 'must be a 40-hex-digit OpenPGP fingerprint'));

function wholeNumber(min: number, max: number, what: string) {
  const message = `must be ${what} from ${min} to ${max}`;
  return z.coerce.number({ message }).int(message).min(min, message).max(max, message);
}

/**
 * 32 768 hashes on average: about 0.4 s in Chromium with or without the JIT
 * (WebCrypto does the hashing), 1.2 s at the 95th percentile (docs/benchmarks.md, `pow`).
 */
export const DEFAULT_PROOF_OF_WORK_BITS = 15;

const envSchema = z.object({
  PORT: wholeNumber(0, 65535, 'a port number').default(3412),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('data'),
  MONGODB_URI: z.string().startsWith('mongodb', 'must be a mongodb:// or mongodb+srv:// connection string').optional(),
  DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, 'letters, digits, _ and - only')
    .default('whistle412'),
  AGENCY_FINGERPRINT: fingerprint.optional(),
  PUBLIC_DIR: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: wholeNumber(1, 24 * 60, 'a whole number of minutes').default(30),
  SESSION_MAX_HOURS: wholeNumber(1, 24, 'a whole number of hours').default(8),
  PROOF_OF_WORK_BITS: wholeNumber(0, 24, 'a whole number of bits').default(DEFAULT_PROOF_OF_WORK_BITS),
  UPLOAD_EXPIRY_HOURS: wholeNumber(1, 24 * 30, 'a whole number of hours').default(24),
  UPLOAD_SWEEP_MINUTES: wholeNumber(1, 24 * 60, 'a whole number of minutes').default(10),
  BEHIND_TLS: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false'),
  SERVER_KEY_FILE: z.string().min(1).optional(),
  PLATFORM_KEY_FILE: z.string().min(1).optional(),
});

export interface AppConfig {
  port: number;
  host: string;
  /** Absolute. Holds the embedded engine's files and the agency fingerprint pin. */
  dataDir: string;
  mongodbUri: string | undefined;
  dbName: string;
  /** Overrides the pin file that `admin init` writes. */
  agencyFingerprint: string | undefined;
  /** Absolute. The built frontend. */
  publicDir: string;
  toolsDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  session: { idleMinutes: number; maxHours: number };
  /** Leading zero bits a proof of work needs at normal load; 0 turns proof of work off. */
  proofOfWorkBits: number;
  /** Evidence-file uploads not sent with a report are removed after `expiryHours`, checked every `sweepMinutes`. */
  uploads: { expiryHours: number; sweepMinutes: number };
  /** The deployment serves the pages over HTTPS (a TLS proxy in front): send HSTS. */
  behindTls: boolean;
  /** Absolute. The server's key for TOTP secrets (features/reviewers/secret-box.ts); made at first use. */
  serverKeyFile: string;
  /** Absolute. The platform signing key (evidence receipts; features/evidence-receipts); made at setup or first start. */
  platformKeyFile: string;
}

/** Where the server key lives unless SERVER_KEY_FILE says otherwise. */
export const defaultServerKeyFile = (dataDir: string) => path.join(dataDir, 'server-key');

/** Where the platform signing key lives unless PLATFORM_KEY_FILE says otherwise. */
export const defaultPlatformKeyFile = (dataDir: string) => path.join(dataDir, 'platform-signing-key.asc');

export class ConfigError extends Error {}

/** Reads configuration from environment variables; a bad value stops start-up with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`Invalid configuration:\n${problems}`);
  }
  const e = parsed.data;
  const root = projectRoot();
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    mongodbUri: e.MONGODB_URI,
    dbName: e.DB_NAME,
    agencyFingerprint: e.AGENCY_FINGERPRINT,
    publicDir: path.resolve(e.PUBLIC_DIR ?? path.join(root, 'dist', 'public')),
    toolsDir: path.join(root, 'tools', 'bin'),
    logLevel: e.LOG_LEVEL,
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, maxHours: e.SESSION_MAX_HOURS },
    proofOfWorkBits: e.PROOF_OF_WORK_BITS,
    uploads: { expiryHours: e.UPLOAD_EXPIRY_HOURS, sweepMinutes: e.UPLOAD_SWEEP_MINUTES },
    behindTls: e.BEHIND_TLS === 'true',
    serverKeyFile: e.SERVER_KEY_FILE ? path.resolve(e.SERVER_KEY_FILE) : defaultServerKeyFile(path.resolve(e.DATA_DIR)),
    platformKeyFile: e.PLATFORM_KEY_FILE
      ? path.resolve(e.PLATFORM_KEY_FILE)
      : defaultPlatformKeyFile(path.resolve(e.DATA_DIR)),
  };
}
