#!/bin/sh
# Puts the database password (a compose secret, read from MONGODB_PASSWORD_FILE)
# into MONGODB_URI, percent-encoded, so it is in no environment file and no
# compose file. Then runs the command (the server, or the admin command).
set -eu
if [ -n "${MONGODB_PASSWORD_FILE:-}" ]; then
  MONGODB_URI="$(node -e '
    const uri = new URL(process.env.MONGODB_URI);
    const password = require("node:fs").readFileSync(process.env.MONGODB_PASSWORD_FILE, "utf8").replace(/\n+$/, "");
    uri.password = encodeURIComponent(password);
    process.stdout.write(uri.href);
  ')"
  export MONGODB_URI
  unset MONGODB_PASSWORD_FILE
fi
exec "$@"
