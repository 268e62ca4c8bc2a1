FROM alpine:edge
