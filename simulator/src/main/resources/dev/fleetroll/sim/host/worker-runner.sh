#!/bin/bash
# /usr/local/bin/worker-runner.sh: the macOS worker cycle kept alive by launchd. Puppet runs before
# every worker cycle and the worker starts even when Puppet failed; the host reboots after the worker
# exits. The simulated generic-worker (in the simulator) takes over at "start-worker".
/usr/local/bin/run-puppet.sh
echo "$(date -u '+%Y-%m-%d %H:%M:%S') worker-runner: run-puppet.sh exited $?; starting the worker"
touch /run/sim/worker-go
