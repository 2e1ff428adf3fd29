# syntax=docker/dockerfile:1
# One image for both processes:
#   API:    docker run IMAGE                                   (the default CMD)
#   worker: docker run IMAGE node dist/apps/worker/src/main.js (serves health + metrics on WORKER_PORT)
# With no DATABASE_URL/REDIS_URL it runs in embedded mode, keeping its data under /app/data (mount a volume there).

FROM node:24-bookworm-slim AS base
WORKDIR /app
# onnxruntime-node (pulled in by the local embedding model) would otherwise try to download CUDA files while
# installing, and fail; the CPU build it ships is all DocQA uses.
ENV ONNXRUNTIME_NODE_INSTALL=skip \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# Compiles the TypeScript. Install scripts are skipped here: the only ones in the tree are the `node` dev
# dependency (it downloads a second Node 24, which this image already is), @swc/core (a binary check for jest)
# and native helpers that the production stage below installs for itself; `nest build` needs none of them.
FROM base AS build
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts
COPY . .
RUN npm run build

# Production dependencies only, installed from the lockfile with their (approved) install scripts.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# poppler-utils: pdftotext, the fast PDF text reader (pdf.js is the fallback without it), and pdftoppm,
# which with tesseract OCRs scanned PDF pages (used only with OCR_ENABLED=true).
RUN apt-get update \
  && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng poppler-utils \
  && rm -rf /var/lib/apt/lists/*
# Code and dependencies stay owned by root, so the process cannot rewrite them; only the data directory is
# writable. A named volume mounted on /app/data inherits that ownership when it is first created.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# Slim images have no curl; Node 24's fetch does the probe. PORT is honoured so an overridden port still checks.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/v1/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
