# One image for the api, the worker and the simulator; the command picks which (see docker-compose.yml).
# Runs TypeScript through tsx (no separate build output; `npm run build` is a type check).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json turbo.json tsconfig.base.json tsconfig.json ./
COPY apps ./apps
COPY packages ./packages
COPY scripts ./scripts
# tsx (a root dependency) runs the TypeScript; dev-only tools are left out.
RUN npm install --no-audit --no-fund --omit=dev \
    && npm cache clean --force
USER node
EXPOSE 3000 8000
CMD ["npx", "tsx", "apps/api/src/main.ts"]
