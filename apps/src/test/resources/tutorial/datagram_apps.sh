# Runs the tutorial's UDP and multicast clients against the torsion apps, inside the network
# namespace this script is started in (unshare -n): the tutorial's fixed port 10000 is free there,
# and the multicast route exists only there. Arguments: java, class path, reactor name.
set -u
JAVA=$1 CP=$2 REACTOR=$3
echo "namespace ready"
ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo || exit 90
torsion() { "$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$CP" io.torsion.apps.Torsion "$@"; }
await_ready() { # file: the ready line within 60 s
  for _ in $(seq 1 1200); do grep -q ' listening on ' "$1" && return 0; sleep 0.05; done
  echo "no ready line in $1"; return 1
}
status=0
torsion udpecho --reactor "$REACTOR" > udpecho.out 2> udpecho.err & echo_pid=$!
torsion multicast listen --reactor "$REACTOR" > listen.out 2> listen.err & listen_pid=$!
await_ready udpecho.out && await_ready listen.out || status=91
if [ $status = 0 ]; then
  echo "--- udp echo client"; python3 socket_echo_client_dgram.py
  echo "--- multicast sender"; python3 socket_multicast_sender.py
fi
kill $echo_pid $listen_pid; wait $echo_pid; echo "udpecho exit $?"; wait $listen_pid; echo "listen exit $?"
python3 -u socket_multicast_receiver.py > receiver.out 2>&1 & receiver_pid=$!
for _ in $(seq 1 1200); do grep -q 'waiting to receive' receiver.out && break; sleep 0.05; done
echo "--- torsion multicast send"; torsion multicast send --reactor "$REACTOR" --timeout 2; echo "send exit $?"
kill $receiver_pid; wait $receiver_pid 2>/dev/null
echo "--- receiver"; cat receiver.out
exit $status
