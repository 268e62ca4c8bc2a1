FROM golang:1.22 AS build
RUN go build -o /app .
CMD go test ./...

FROM alpine:3.20
COPY --from=build /app /app
ENTRYPOINT ["/app"]
CMD ["serve", "--port=8080"]
