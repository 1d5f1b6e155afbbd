# Payara Server 6 for `./pec run --server payara` (sourced by ./pec; uses its variables and functions).
# The server comes from Maven Central (fish.payara.distributions:payara:zip) and is unpacked once under
# target/servers; a domain template is created once beside it; each start copies the template into the data
# directory (runtime state only, like Payara Micro's root dir), writes the asadmin command files below and
# execs the server JVM itself (start-domain --dry-run prints its command line), so the process is the server.
PAYARA_SERVER_VERSION=6.2025.9

payara_server() {
  local home="$servers/payara6" template="$servers/payara-domain-template"
  if [[ ! -x "$home/bin/asadmin" ]]; then
    echo "pec: fetching Payara Server $PAYARA_SERVER_VERSION from Maven Central..." >&2
    fetch_zip "fish.payara.distributions:payara:$PAYARA_SERVER_VERSION:zip"
  fi
  if [[ ! -f "$template/pec/config/domain.xml" ]]; then
    # create-domain takes ~20-30 s on 2 cores (key generation): once per unpacked server, not per start
    rm -rf "$template"
    AS_JAVA="$java_home" "$home/bin/asadmin" --user admin create-domain --nopassword --domaindir "$template" pec >&2
  fi
  local domains="$data/payara-server"
  rm -rf "$domains"
  mkdir -p "$domains"
  cp -r "$template/pec" "$domains/pec"
  # pools made at boot load drivers from the domain's lib/ (H2 is Payara's own, 2.2.224 like Micro's)
  cp "$runtime/postgresql.jar" "$domains/pec/lib/"

  local preboot="$data/payara-server-preboot.txt" postboot="$data/payara-server-postboot.txt"
  local net=configs.config.server-config.network-config
  {
    # plain HTTP only for probes and local scripts (pec.http.bind); people and remote scripts use HTTPS
    echo "set $net.network-listeners.network-listener.http-listener-1.port=${PEC_HTTP_PORT:-8080}"
    echo "set $net.network-listeners.network-listener.http-listener-1.address=$(escape "${PEC_HTTP_BIND:-127.0.0.1}")"
    echo "set $net.network-listeners.network-listener.http-listener-2.port=${PEC_HTTPS_PORT:-8443}"
    echo "set $net.protocols.protocol.http-listener-2.ssl.key-store=$(escape "$data/keys/tls.p12")"
    echo "set $net.protocols.protocol.http-listener-2.ssl.key-store-password=$(escape "$(cat "$data/keys/keystore.pass")")"
    echo "set $net.protocols.protocol.http-listener-2.ssl.cert-nickname=tls"
    # the session cookie (Secure and HttpOnly from web.xml) is never sent with requests started by other sites
    echo "set $net.protocols.protocol.http-listener-2.http.cookie-same-site-value=Strict"
    echo "set $net.protocols.protocol.http-listener-2.http.cookie-same-site-enabled=true"
    # the administration listener (console, asadmin; no password in this domain) answers only this host
    echo "set $net.network-listeners.network-listener.admin-listener.port=${PEC_ADMIN_PORT:-4848}"
    echo "set $net.network-listeners.network-listener.admin-listener.address=127.0.0.1"
    echo "set configs.config.server-config.admin-service.jmx-connector.system.enabled=false"
    # the domain's data grid (Hazelcast) would join any Payara on the network (cluster "development", Payara Micro
    # included): off unless a cluster is asked for, as Payara Micro's --nocluster; see README "Cluster"
    # (set-hazelcast-configuration cannot run before the boot: "started at level -2 but it has a run level of 10")
    if [[ -n "${PEC_CLUSTER_MODE:-}" ]]; then
      echo "set configs.config.server-config.hazelcast-config-specific-configuration.enabled=true"
    else
      echo "set configs.config.server-config.hazelcast-config-specific-configuration.enabled=false"
    fi
  } > "$preboot"
  {
    pool_commands
    # the default concurrency resources (java:comp/DefaultManagedThreadFactory...) are written into domain.xml on
    # first use; when that first use is a singleton starting inside the boot-time deploy, the config transaction
    # waits for the boot thread forever (seen: StartupTasks -> TransportWorkers @Resource ManagedThreadFactory).
    # Listing them first writes them before the deploy.
    echo "list-managed-executor-services"
    echo "list-managed-scheduled-executor-services"
    echo "list-managed-thread-factories"
    echo "list-context-services"
    # the EAR names its own context root (/) in application.xml
    echo "deploy --name pec $ear"
  } > "$postboot"

  # the server's JVM command line, one argument a line up to the first empty line
  local line args=()
  while IFS= read -r line; do
    [[ -z "$line" ]] && break
    case "$line" in
      -Xmx*) ;;  # PEC_JAVA_OPTS decides the heap, as with Payara Micro
      -Dorg.glassfish.additionalOSGiBundlesToStart=*) args+=("${line/,org.apache.felix.shell.remote/}") ;;  # no telnet shell
      com.sun.enterprise.glassfish.bootstrap.ASMain)
        # shellcheck disable=SC2206
        args+=(${PEC_JAVA_OPTS:--Xmx1g} "${node[@]}" "$line") ;;
      *) args+=("$line") ;;
    esac
  done < <(AS_JAVA="$java_home" "$home/bin/asadmin" start-domain --dry-run --domaindir "$domains" \
             --prebootcommandfile "$preboot" --postbootcommandfile "$postboot" pec | sed -n '/^Dump of JVM/,$p' | tail -n +2)
  [[ ${#args[@]} -gt 10 ]] || { echo "pec: could not read Payara Server's command line" >&2; exit 1; }
  # the server reads the master password (the template's default, "changeit") from stdin
  printf 'AS_ADMIN_MASTERPASSWORD=changeit\n' > "$domains/master-password"
  cd "$domains/pec"
  exec "${args[@]}" < "$domains/master-password"
}
