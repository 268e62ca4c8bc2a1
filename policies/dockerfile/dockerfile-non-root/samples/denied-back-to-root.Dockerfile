FROM alpine:3.20
USER app
RUN id
USER root
ENTRYPOINT ["/app"]
