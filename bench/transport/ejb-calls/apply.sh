#!/usr/bin/env bash
# Puts the EJB call counter into a work tree's pec-web (WEB-INF/ejb-jar.xml default interceptor) for one benchmark
# run; `apply.sh <tree> remove` takes it out again. Never commit the applied files. Then package the server
# (mvn -B -q -o package -DskipTests -pl pec-web -am: run.sh builds only when no war exists), run
# bench/transport/run.sh, and summarise with summary.py bench/target/ejb-calls-<server pid>.txt <messages>.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tree="${1:?work tree}"
java_dst="$tree/pec-web/src/main/java/it/certmail/pec/web/EjbCallCounter.java"
xml_dst="$tree/pec-web/src/main/webapp/WEB-INF/ejb-jar.xml"
if [[ "${2:-}" == remove ]]; then
  rm -f "$java_dst" "$xml_dst"
  # the war plugin keeps what it copied before: take the counter out of target/ too, then package again
  find "$tree/pec-web/target" \( -name 'EjbCallCounter*' -o -path '*WEB-INF/ejb-jar.xml' \) -delete 2>/dev/null || true
else
  cp "$here/EjbCallCounter.java" "$java_dst"
  cp "$here/ejb-jar.xml" "$xml_dst"
fi
