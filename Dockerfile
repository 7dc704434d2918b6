# syntax=docker/dockerfile:1
# Production image: the built pages and the compiled server, no dev tools.
# It expects MongoDB at MONGODB_URI (see docker-compose.yml); the embedded
# engine is for a single machine without Docker.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# patches/: fixes to dependencies, applied by npm ci's postinstall (patch-package).
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3412 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY docker/app-entrypoint.sh /usr/local/bin/app-entrypoint.sh
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3412
ENTRYPOINT ["/usr/local/bin/app-entrypoint.sh"]
CMD ["node", "dist/server/backend/src/server.js"]
