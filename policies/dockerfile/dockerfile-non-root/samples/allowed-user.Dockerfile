FROM golang:1.22 AS build
RUN go build -o /app .
FROM alpine:3.20
RUN adduser -D -u 10001 app
COPY --from=build /app /app
USER app
ENTRYPOINT ["/app"]
