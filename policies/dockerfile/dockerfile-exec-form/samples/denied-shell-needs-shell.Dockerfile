FROM python:3.12-slim
COPY app.py /app.py
ENTRYPOINT python /app.py --name "shop api"
CMD migrate && serve
