#!/usr/bin/env bash
# Installs what the real test peers (test/support/peers/) need on a fresh machine
# of the project's kind (Debian 12, Node 20, root). Idempotent: each step checks first.
# Run from anywhere: bash scripts/install-test-peers.sh
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'install-test-peers: %s\n' "$*"; }

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# PostgreSQL server: the private clusters of the 'postgres' peer (initdb + postgres).
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null; then
  log "postgresql: present"
else
  log "postgresql: installing from Debian"
  apt_install postgresql
fi

# Java 17: DynamoDB Local and the Firestore / Pub/Sub emulators.
if command -v java >/dev/null; then
  log "java: present ($(java -version 2>&1 | head -n 1))"
else
  log "java: installing openjdk-17-jre-headless from Debian"
  apt_install openjdk-17-jre-headless
fi

# google-cloud-cli emulators (Firestore, Pub/Sub, Spanner). They come with the
# machine image from Google's own apt repository; Debian's registry does not
# carry google-cloud-cli, so a machine without them can only be reported.
gcloud_root="${CLOUDSDK_ROOT_DIR:-/usr/lib/google-cloud-sdk}"
missing_gcloud=()
[ -x "$gcloud_root/platform/cloud-firestore-emulator/cloud_firestore_emulator" ] || missing_gcloud+=(google-cloud-cli-firestore-emulator)
[ -x "$gcloud_root/platform/pubsub-emulator/bin/cloud-pubsub-emulator" ] || missing_gcloud+=(google-cloud-cli-pubsub-emulator)
[ -x "$gcloud_root/bin/cloud_spanner_emulator/emulator_main" ] || missing_gcloud+=(google-cloud-cli-spanner-emulator)
if [ ${#missing_gcloud[@]} -eq 0 ]; then
  log "google-cloud-cli emulators: present"
elif apt-cache policy "${missing_gcloud[@]}" 2>/dev/null | grep 'Candidate: [0-9]' >/dev/null; then
  log "google-cloud-cli emulators: installing ${missing_gcloud[*]}"
  apt_install "${missing_gcloud[@]}"
else
  log "google-cloud-cli emulators: MISSING ${missing_gcloud[*]} and no apt source offers them;"
  log "  their test suites are skipped locally and fail under CI=true"
fi

# DynamoDB Local 1.25.1: the jar ships inside the npm tarball amplify-dynamodb-simulator@2.9.30.
ddb_dir=.cache/dynamodb-local
if [ -f "$ddb_dir/DynamoDBLocal.jar" ]; then
  log "dynamodb-local: present in $ddb_dir"
else
  # npm checks the tarball against the registry's integrity hash.
  log "dynamodb-local: fetching amplify-dynamodb-simulator@2.9.30 with npm pack"
  mkdir -p .cache
  tarball=.cache/amplify-dynamodb-simulator-2.9.30.tgz
  [ -f "$tarball" ] || (cd .cache && npm pack --silent amplify-dynamodb-simulator@2.9.30 >/dev/null)
  tmp=$(mktemp -d .cache/dynamodb-local.XXXX)
  tar -xzf "$tarball" -C "$tmp" package/emulator
  rm -rf "$ddb_dir"
  mv "$tmp/package/emulator" "$ddb_dir"
  rm -rf "$tmp" "$tarball"
  log "dynamodb-local: installed in $ddb_dir"
fi

# In-process peers (dynalite, @vercel/cosmosdb-server, PGlite, azurite) are
# devDependencies, installed by `npm install`.
