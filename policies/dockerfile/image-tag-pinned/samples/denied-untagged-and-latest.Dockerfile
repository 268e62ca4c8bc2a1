FROM golang AS build
RUN go build -o /app .

FROM alpine:latest
COPY --from=build /app /app
CMD ["/app"]
