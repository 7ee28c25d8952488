# ETL Vendas image: the shaded jar plus the files it reads at run time (config/, samples/, drivers/).
# One image serves every role; the command picks them (`run`, `run --roles transform`, ...).
# deploy/compose.yml builds it; on its own: docker build -t etl-vendas . && docker run -p 3000:3000 etl-vendas

# ---- build: the same `mvn package` as ./etl-vendas runs, producing target/etl-vendas.jar ----------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies first, in their own layer: a change to src/ alone does not download them again. go-offline
# misses a few that plugins resolve late; package fetches those.
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -DskipTests package

# ---- runtime: a JRE, the jar and the run-time files, as an unprivileged user ---------------------------
FROM eclipse-temurin:17-jre

# curl is what the HEALTHCHECK calls; installed explicitly so the check does not depend on the base image's extras.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*

# /data must exist and belong to the user before VOLUME, so a fresh volume is created writable for it.
RUN groupadd --system --gid 10001 etl \
 && useradd --system --uid 10001 --gid etl --home-dir /app --shell /usr/sbin/nologin etl \
 && mkdir -p /data \
 && chown etl:etl /data

WORKDIR /app
COPY --from=build /build/target/etl-vendas.jar /app/etl-vendas.jar
# Relative paths in the configuration (mapping files, samples) resolve against /app, as they do against
# the repository directory outside a container.
COPY config /app/config
COPY samples /app/samples
# JDBC drivers for other databases (drivers/README.md): jars placed in drivers/ before the build are included.
COPY drivers /app/drivers

# Kafka Streams state, logs and (when no external servers are configured) the embedded servers' data.
ENV ETL_DATA_DIR=/data
VOLUME ["/data"]

USER etl
# Dashboard, REST API and webhook.
EXPOSE 3000

# Answers only where the process serves HTTP (the default `run`, or a `serve` role); deploy/compose.yml
# disables it for the roles that do not.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=5 \
  CMD curl -fsS -o /dev/null http://localhost:3000/health || exit 1

# Heap follows the container's memory limit; an OutOfMemoryError ends the process so the container restarts.
# The classpath wildcard is expanded by the java launcher, not a shell.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-cp", "/app/etl-vendas.jar:/app/drivers/*", "br.com.etlvendas.cli.EtlVendasCommand"]
CMD ["run"]
