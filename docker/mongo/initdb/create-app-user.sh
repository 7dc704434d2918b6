#!/usr/bin/env bash
# First start only (an empty data volume): the image's entrypoint sources this
# while mongod runs without --auth on localhost, after it created the root
# user. The app's user may read and write its own database and nothing else.
app_password="$(< /run/mongo-private/app-password)"
"${mongo[@]}" "$MONGO_INITDB_DATABASE" <<EOJS
db.createUser({
  user: 'whistle412',
  pwd: $(_js_escape "$app_password"),
  roles: [{ role: 'readWrite', db: $(_js_escape "$MONGO_INITDB_DATABASE") }],
});
EOJS
unset app_password
