FROM registry.example.com/basement/alpine:3.20
