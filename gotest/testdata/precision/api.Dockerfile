# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22
ARG BUILDER=golang:${GO_VERSION}-alpine
ARG RUNTIME_TAG=3.20
FROM ${BUILDER} AS build
WORKDIR /src
COPY . .
RUN go build -o /out/api ./cmd/api
FROM alpine:${RUNTIME_TAG}
COPY --from=build /out/api /usr/local/bin/api
USER 10001
CMD /usr/local/bin/api --listen=:8080
