# syntax=docker/dockerfile:1
# cec-graphql: build with the dev dependencies, run with the production ones only.
#   docker build -t cec-graphql .
#   docker run --rm -p 4000:4000 -e AUTH_JWT_SECRET=… cec-graphql      (README "Container image")

# One base for both stages; the minor is pinned (patch releases of 20.19 are security fixes).
# For reproducible builds pin the digest too: node:20.19-bookworm-slim@sha256:<digest>.
ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# No install scripts: nothing the build needs has one, and none should run with the source at hand.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
# Root owns the files, the server runs as the image's unprivileged "node" user (uid 1000): it cannot
# change its own code.
USER node
EXPOSE 4000
# Liveness only (/health never calls the vendor); orchestrators should probe /ready for traffic.
# node, not curl: the slim image has no curl. Assumes the server listens on loopback too (HOST unset
# or 0.0.0.0, the default once client authentication is configured).
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself as PID 1 receives docker stop's SIGTERM and drains (SHUTDOWN_TIMEOUT_MS, default 10 s;
# docker stop waits 10 s before SIGKILL, so give it --stop-timeout 15 or more).
CMD ["node", "dist/main.js"]
