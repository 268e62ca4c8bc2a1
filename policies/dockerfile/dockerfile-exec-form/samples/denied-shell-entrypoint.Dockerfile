FROM alpine:3.20 AS base
ENTRYPOINT /usr/local/bin/run.sh
FROM base
CMD /usr/local/bin/run.sh serve
