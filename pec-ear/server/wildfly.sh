# WildFly 38 for `./pec run --server wildfly` (sourced by ./pec; uses its variables and functions).
# The server comes from Maven Central (org.wildfly:wildfly-dist:zip) and is unpacked once under target/servers.
# Once per unpacked server: EclipseLink 4.0.7 is added to WildFly's org.eclipse.persistence module (the "module
# route": the EAR stays the same for both servers) and a PostgreSQL driver module is added. Once per database
# kind (h2, postgresql): a configured copy of standalone/ is made with pec-ear/server/wildfly.cli (embedded CLI).
# Each start copies that configuration into the data directory (runtime state only), drops the EAR into its
# deployments/ and runs standalone.sh in the foreground; every per-start value is a system property.
WILDFLY_VERSION=38.0.1.Final

wildfly_server() {
  local home="$servers/wildfly-$WILDFLY_VERSION"
  if [[ ! -x "$home/bin/standalone.sh" ]]; then
    echo "pec: fetching WildFly $WILDFLY_VERSION from Maven Central..." >&2
    fetch_zip "org.wildfly:wildfly-dist:$WILDFLY_VERSION:zip"
  fi
  local el="$home/modules/system/layers/base/org/eclipse/persistence/main"
  if ! grep -q 'org.eclipse.persistence.core.jar' "$el/module.xml"; then
    cp "$root"/pec-ear/target/wildfly-modules/eclipselink/*.jar "$el/"
    # the jars next to the integration jar, and the JDK modules EclipseLink uses
    sed -i -e 's#\(<resource-root path="jipijapa-eclipselink-[^"]*"/>\)#\1\n        <resource-root path="org.eclipse.persistence.core.jar"/>\n        <resource-root path="org.eclipse.persistence.jpa.jar"/>\n        <resource-root path="org.eclipse.persistence.jpa.jpql.jar"/>\n        <resource-root path="org.eclipse.persistence.asm.jar"/>#' \
      -e 's#\(<module name="java.logging"/>\)#\1\n        <module name="java.sql"/>\n        <module name="java.xml"/>\n        <module name="java.desktop"/>\n        <module name="java.rmi"/>\n        <module name="jdk.unsupported"/>\n        <module name="jakarta.json.bind.api" optional="true"/>#' "$el/module.xml"
  fi
  local pg="$home/modules/org/postgresql/main"
  if [[ ! -f "$pg/module.xml" ]]; then
    mkdir -p "$pg"
    cp "$runtime/postgresql.jar" "$pg/"
    cat > "$pg/module.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<module name="org.postgresql" xmlns="urn:jboss:module:1.9">
    <resources><resource-root path="postgresql.jar"/></resources>
    <dependencies>
        <module name="java.sql"/>
        <module name="java.naming"/>
        <module name="java.security.jgss"/>
        <module name="jakarta.transaction.api"/>
    </dependencies>
</module>
XML
  fi
  local kind=h2 url user=pec password=pec
  if [[ -n "${PEC_DB_URL:-}" ]]; then
    kind=postgresql url="$PEC_DB_URL" user="${PEC_DB_USER:-pec}" password="${PEC_DB_PASSWORD:-pec}"
  else
    # the same H2 settings as ./pec run (see there)
    url="jdbc:h2:file:$data/db/pec;WRITE_DELAY=0;QUERY_CACHE_SIZE=256;LOCK_TIMEOUT=10000"
  fi
  local template="$servers/wildfly-$WILDFLY_VERSION-pec-$kind"
  if [[ ! -f "$template/configuration/standalone-full.xml" ]] || ! grep -q 'PecNonTxDS' "$template/configuration/standalone-full.xml" \
     || [[ "$root/pec-ear/server/wildfly.cli" -nt "$template/configuration/standalone-full.xml" ]]; then
    echo "pec: configuring WildFly for $kind (once)..." >&2
    rm -rf "$template"
    cp -r "$home/standalone" "$template"
    rm -rf "$template/data" "$template/log" "$template/tmp" "$template/deployments"/*
    sed "s/@DRIVER@/$kind/g" "$root/pec-ear/server/wildfly.cli" > "$template/pec.cli"
    JAVA_OPTS="-Djboss.server.base.dir=$template" "$home/bin/jboss-cli.sh" --file="$template/pec.cli" >&2
    rm -rf "$template/data" "$template/log" "$template/tmp"
  fi
  local base="$data/wildfly"
  rm -rf "$base"
  cp -r "$template" "$base"
  cp "$ear" "$base/deployments/pec.ear"

  # MicroProfile Config reads the PEC_* environment; the server's own settings are system properties, given in a
  # properties file (owner-only: passwords) since standalone.sh evaluates JAVA_OPTS as shell words
  local props="$base/pec-server.properties"
  {
    echo "jboss.http.port=${PEC_HTTP_PORT:-8080}"
    echo "jboss.https.port=${PEC_HTTPS_PORT:-8443}"
    echo "pec.wildfly.http.bind=${PEC_HTTP_BIND:-127.0.0.1}"
    # the management interface (console, CLI, and /health behind the HTTP port's proxy) answers only this host
    echo "jboss.management.http.port=${PEC_ADMIN_PORT:-9990}"
    echo "jboss.bind.address.management=127.0.0.1"
    echo "pec.wildfly.tls.keystore=$data/keys/tls.p12"
    echo "pec.wildfly.tls.password=$(cat "$data/keys/keystore.pass")"
    echo "pec.wildfly.db.url=$url"
    echo "pec.wildfly.db.user=$user"
    echo "pec.wildfly.db.password=$password"
    echo "pec.wildfly.db.pool=${PEC_DB_POOL_SIZE:-32}"
    echo "pec.node.name=$PEC_NODE_NAME"
    echo "jboss.node.name=$PEC_NODE_NAME"
  } | sed 's/\\/\\\\/g' > "$props"
  # standalone.sh keeps JAVA_OPTS as given (no defaults added); in the background mode it forwards SIGTERM and
  # SIGINT to the JVM and waits for it
  export JAVA_OPTS="${PEC_JAVA_OPTS:--Xmx1g} -Djava.net.preferIPv4Stack=true -Djboss.modules.system.pkgs=org.jboss.byteman -Djava.awt.headless=true"
  export LAUNCH_JBOSS_IN_BACKGROUND=1
  exec "$home/bin/standalone.sh" -c standalone-full.xml -Djboss.server.base.dir="$base" --properties="$props"
}
