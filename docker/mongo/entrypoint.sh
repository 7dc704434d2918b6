#!/usr/bin/env bash
# Runs as root before the image's own entrypoint: copies the compose secrets
# where only the mongodb user can read them, with the owner and mode mongod
# insists on for a keyFile (compose cannot set either on a file secret), then
# hands over to docker-entrypoint.sh, which drops to the mongodb user.
set -euo pipefail
private=/run/mongo-private
install -d -m 0700 -o mongodb -g mongodb "$private"
install -m 0400 -o mongodb -g mongodb /run/secrets/mongo_keyfile "$private/keyfile"
install -m 0400 -o mongodb -g mongodb /run/secrets/mongo_root_password "$private/root-password"
install -m 0400 -o mongodb -g mongodb /run/secrets/mongo_app_password "$private/app-password"
exec docker-entrypoint.sh "$@"
