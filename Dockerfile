# QE-Werkstatt app image: builds the client and compiles the server, then runs plain JavaScript
# (no TypeScript toolchain at run time). test/image/image.test.ts performs these steps without
# Docker as part of `npm test`: keep to the instructions it knows (it says so when it meets another).
# Node.js 24: the active LTS line (supported until April 2028); tldraw 5.4 needs ≥ 22.12.
FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles its native module when no prebuilt one fits
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.base.json tsconfig.json ./
# every workspace the build needs (test/ and bench/ are not part of the image)
COPY shared/package.json shared/
COPY templates/package.json templates/
COPY server/package.json server/
COPY client/package.json client/
RUN npm ci
COPY shared shared
COPY templates templates
COPY server server
COPY client client
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "server/dist/main.js"]
