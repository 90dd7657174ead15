# Build stage: compile and package the runnable jar.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY cluster-config cluster-config
COPY shared shared
COPY rest rest
COPY relay relay
COPY bench bench
COPY server server
RUN mvn -B -q package -DskipTests

# Runtime stage: a JRE, a non-root user, the jar and a data folder.
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /var/lib/coveton coveton
WORKDIR /var/lib/coveton
COPY --from=build /src/server/target/coveton-server.jar /opt/coveton/coveton-server.jar
USER coveton
ENV COVETON_DATA_DIR=/var/lib/coveton/data COVETON_METRICS_HOST=0.0.0.0
EXPOSE 8080 8081 5701 9464
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health/live || exit 1
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/coveton/coveton-server.jar"]
