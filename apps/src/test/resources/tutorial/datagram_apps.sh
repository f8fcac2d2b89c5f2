# Runs the tutorial's UDP and multicast clients against the torsion apps, inside the network
# namespace this script is started in (unshare -n): the tutorial's fixed port 10000 is free there,
# and the multicast route exists only there. Arguments: java, class path, reactor name.
set -u
JAVA=$1 CP=$2 REACTOR=$3
echo "namespace ready"
ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo || exit 90
# An array, not a function: "$!" of a backgrounded function is its subshell, not the JVM.
TORSION=("$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$CP" io.torsion.apps.Torsion)
await_ready() { # file: the ready line within 60 s
  for _ in $(seq 1 1200); do grep -q ' listening on ' "$1" && return 0; sleep 0.05; done
  echo "no ready line in $1"; return 1
}
status=0
# One at a time: udpecho binds 127.0.0.1:10000, the listener 0.0.0.0:10000.
"${TORSION[@]}" udpecho --reactor "$REACTOR" > udpecho.out 2> udpecho.err & pid=$!
if await_ready udpecho.out; then
  echo "--- udp echo client"; timeout 30 python3 socket_echo_client_dgram.py
else
  status=91
fi
kill $pid; wait $pid; echo "udpecho exit $?"
"${TORSION[@]}" multicast listen --reactor "$REACTOR" > listen.out 2> listen.err & pid=$!
if await_ready listen.out; then
  echo "--- multicast sender"; timeout 30 python3 socket_multicast_sender.py
else
  status=92
fi
kill $pid; wait $pid; echo "listen exit $?"
python3 -u socket_multicast_receiver.py > receiver.out 2>&1 & receiver_pid=$!
for _ in $(seq 1 1200); do grep -q 'waiting to receive' receiver.out && break; sleep 0.05; done
echo "--- torsion multicast send"; timeout 60 "${TORSION[@]}" multicast send --reactor "$REACTOR" --timeout 2
echo "send exit $?"
kill $receiver_pid; wait $receiver_pid 2>/dev/null
echo "--- receiver"; cat receiver.out
exit $status
