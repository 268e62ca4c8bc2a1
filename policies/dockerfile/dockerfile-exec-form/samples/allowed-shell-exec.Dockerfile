FROM eclipse-temurin:21-jre
COPY app.jar /app.jar
CMD exec java -jar /app.jar
