#!/usr/bin/env bash
# IMAP sync throughput against a local Dovecot, beside `candor import mbox` of
# the same messages: `bash benches/mail-sync.sh [MESSAGES]` (default 100000).
# Needs dovecot-imapd, gnome-keyring and dbus (.ci/setup installs them) and a
# release build (`cargo build --release --bin candor`). Prints messages/s.
set -euo pipefail
N="${1:-100000}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CANDOR="${CANDOR:-$ROOT/target/release/candor}"
if [ -z "${CANDOR_BENCH_IN_SESSION:-}" ]; then
  exec env CANDOR_BENCH_IN_SESSION=1 dbus-run-session -- bash "$0" "$N"
fi
DIR="$(mktemp -d /tmp/candor-mail-bench-XXXXXX)"
chmod 755 "$DIR"
mkdir -p "$DIR"/{run,state,mail,data,src} && install -d -m 700 "$DIR/runtime"
trap 'doveadm -c "$DIR/dovecot.conf" stop >/dev/null 2>&1 || true; rm -rf "$DIR"' EXIT
printf 'bench' | XDG_DATA_HOME="$DIR/data" XDG_RUNTIME_DIR="$DIR/runtime" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
USER_NAME=lead@provider.example
echo "$USER_NAME:{PLAIN}bench" > "$DIR/passwd"
cat > "$DIR/dovecot.conf" <<CONF
base_dir = $DIR/run
state_dir = $DIR/state
log_path = $DIR/log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$DIR/mail/%u
first_valid_uid = 1
namespace inbox {
  inbox = yes
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DIR/passwd
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$DIR/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $PORT
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
CONF
chown -R dovecot:dovecot "$DIR/mail"
dovecot -c "$DIR/dovecot.conf" </dev/null >/dev/null 2>&1
# One mailbox of N client messages (~1 KB each), the same file for both runs.
awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) {
  printf "From maria.lopez@northwind.example Mon Nov 16 10:00:00 2026\nFrom: Maria Lopez <maria.lopez@northwind.example>\nTo: sam.carter@brightline.example\nSubject: Carrier accrual question %d\nDate: Mon, 16 Nov 2026 %02d:%02d:00 +0100\nMessage-ID: <bench-%d@northwind.example>\n\n", i, 8 + int(i / 60) % 10, i % 60, i
  for (l = 0; l < 12; l++) printf "Line %d about the carrier accrual and the invoice cut-off of message %d.\n", l, i
  printf "\n" } }' > "$DIR/src/inbox"
chown -R dovecot:dovecot "$DIR/src"
start=$(date +%s.%N)
doveadm -c "$DIR/dovecot.conf" import -u "$USER_NAME" "mbox:$DIR/src:INBOX=$DIR/src/inbox" "" all
echo "doveadm import of $N messages: $(echo "$(date +%s.%N) - $start" | bc) s"

"$CANDOR" --db "$DIR/sync.db" demo >/dev/null
printf 'bench\n' | "$CANDOR" --db "$DIR/sync.db" mail account add bench --host 127.0.0.1 --port "$PORT" --security plain --user "$USER_NAME" --folder INBOX --password-stdin >/dev/null
start=$(date +%s.%N)
"$CANDOR" --db "$DIR/sync.db" --as "Sam Carter" mail sync bench > "$DIR/sync.out"
sync_s=$(echo "$(date +%s.%N) - $start" | bc)
cat "$DIR/sync.out"

"$CANDOR" --db "$DIR/import.db" demo >/dev/null
start=$(date +%s.%N)
"$CANDOR" --db "$DIR/import.db" --as "Sam Carter" import mbox "$DIR/src/inbox" > /dev/null
import_s=$(echo "$(date +%s.%N) - $start" | bc)

printf 'mail sync (IMAP, loopback Dovecot): %d messages in %.1f s = %.0f msg/s\n' "$N" "$sync_s" "$(echo "$N / $sync_s" | bc -l)"
printf 'import mbox (same messages):        %d messages in %.1f s = %.0f msg/s\n' "$N" "$import_s" "$(echo "$N / $import_s" | bc -l)"
