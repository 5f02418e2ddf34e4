# syntax=docker/dockerfile:1
# The gateway as a production image: a build stage with every dependency
# (TypeScript, the GraphiQL bundle), and a runtime stage with the production
# dependencies only, the compiled dist/ and the core SDL in schema/.
#
#   docker build -t image-gateway .
#   docker run -p 4000:4000 -e IMAGE_GATEWAY_AUTH=apikey \
#     -e IMAGE_GATEWAY_API_KEYS_FILE=/run/secrets/api-keys.json ... image-gateway
#
# The gateway listens on 0.0.0.0 in the container (a published port cannot
# reach loopback), and it refuses to start on a non-loopback address unless
# IMAGE_GATEWAY_AUTH says who may call: `jwt`, `apikey`, `jwt,apikey`, or
# `none` when an authenticating proxy stands in front. The image sets no
# default for it on purpose. Cloud endpoints and credentials come from the
# environment or IMAGE_GATEWAY_CONFIG (a mounted file); with none, the
# embedded sandbox answers.
#
# test/production-install.test.ts runs these very instructions without
# Docker, in a temporary copy, and queries the result: keep to FROM, WORKDIR,
# COPY, RUN, ENV, USER, EXPOSE, HEALTHCHECK and CMD, or teach that test the new one.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# The dependencies first: their layer is reused until package*.json change.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund
COPY schema ./schema
COPY --from=build /app/dist ./dist
# The official image's unprivileged `node` user, by number so that Kubernetes'
# runAsNonRoot can check it; the files above stay root's, read-only to it.
USER 1000:1000
ENV HOST=0.0.0.0 PORT=4000
EXPOSE 4000
# The probe asks the address the gateway listens on (loopback when that is every address).
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "const h = process.env.HOST || ''; const host = ['', '0.0.0.0', '::'].includes(h) ? '127.0.0.1' : h.includes(':') ? '[' + h + ']' : h; fetch('http://' + host + ':' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
