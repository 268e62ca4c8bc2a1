FROM node:20.17-slim AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build
FROM node:20.17-slim
COPY --from=build /app/dist /app
USER node
CMD node /app/server.js > /var/log/app.log 2>&1
