ARG VERSION
FROM registry.example.com/base/jre:${VERSION} AS runtime
COPY --from=registry.example.com/shop/build:2.3.1 /app.jar /app.jar
USER 10001
CMD exec java $JAVA_OPTS -jar /app.jar
