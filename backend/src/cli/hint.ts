/** A value as the shell reads it back unchanged: bare when it is plain, else in single quotes. */
const shellWord = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`);

/**
 * The admin command to run for `args`, with the settings that choose the
 * database (DATA_DIR, DB_NAME) as this process got them: the admin command
 * must reach the server's database, and without them it opens ./data. The
 * MONGODB_URI is named, never printed: it may hold a password.
 */
export function adminCommand(args: string, env: NodeJS.ProcessEnv): string {
  const settings = (['DATA_DIR', 'DB_NAME'] as const)
    .filter((name) => env[name])
    .map((name) => `${name}=${shellWord(env[name]!)} `)
    .join('');
  const command = `${settings}npm run admin -- ${args}`;
  return env.MONGODB_URI ? `${command}   (with the same MONGODB_URI as the server)` : command;
}
