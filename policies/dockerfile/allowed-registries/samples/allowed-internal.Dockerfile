FROM registry.example.com/base/golang:1.22 AS build
RUN go build -o /app .
FROM registry.example.com/base/alpine:3.20
COPY --from=build /app /app
