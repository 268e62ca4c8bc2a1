FROM registry.example.com/base/golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /app .
FROM gcr.io/distroless/static:nonroot
COPY --from=build /app /app
