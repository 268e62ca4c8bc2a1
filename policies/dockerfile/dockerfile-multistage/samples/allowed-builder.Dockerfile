ARG GO_VERSION=1.22.5
FROM golang:${GO_VERSION} AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app ./cmd/app

FROM build AS test
RUN go test ./...

FROM gcr.io/distroless/static:nonroot@sha256:8dd8d3ca2cf283383304fd45a5c9c74d5f2cd9da8d3b5e7bdb8ec9a0b1ad1e3f
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
