FROM node:20.15 AS deps
RUN npm ci
FROM node:20.15-slim
COPY --from=0 /node_modules /app/node_modules
