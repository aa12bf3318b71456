# One image for the three subgraphs and the gateway; the command names the part to run.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY common ./common
COPY seed ./seed
COPY subgraphs ./subgraphs
COPY gateway ./gateway
COPY schema ./schema
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# the published schemas; the gateway watches schema/supergraph.graphql (mount ./schema to publish without a rebuild)
COPY --from=build /app/schema/supergraph.graphql /app/schema/api.graphql ./schema/
COPY --from=build /app/schema/subgraphs ./schema/subgraphs
# where a development trial keeps its generated secrets (docker-compose.trial.yml mounts a volume
# here; a new volume takes this folder's owner)
RUN mkdir -p /app/data/.secrets && chown -R node:node /app/data && chmod 700 /app/data/.secrets
USER node
EXPOSE 4000 4001 4002 4003
# the part's /health/ready on HEALTH_PORT (4000, the gateway's, unless set); compose names each part's port
ENV HEALTH_PORT=4000
HEALTHCHECK --interval=5s --timeout=4s --start-period=10s --retries=30 CMD ["node", "dist/scripts/healthcheck.js"]
ENTRYPOINT ["node", "dist/scripts/start.js"]
CMD ["gateway"]
