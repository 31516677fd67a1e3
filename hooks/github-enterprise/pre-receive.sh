#!/bin/sh
# envfence for GitHub Enterprise Server pre-receive hooks.
# 1. Build the hook environment: `docker build --target ghes-hook-env -o out .`
#    writes out/envfence-hook-env.tar.gz (a minimal root file system with
#    /bin/sh and the static envfence binary at /usr/local/bin/envfence).
# 2. Site admin → Hooks → Manage environments → upload the tarball.
# 3. Put this script in a hooks repository and create the pre-receive hook
#    with it (Site admin → Hooks → Add pre-receive hook).
# GitHub Enterprise Server allows all hooks together 5 seconds; envfence's
# default deadline is 4 s (hook.deadline in the server configuration).
ENVFENCE_CONFIG="${ENVFENCE_CONFIG:-/etc/envfence/server.yml}"
if [ -f "$ENVFENCE_CONFIG" ]; then export ENVFENCE_CONFIG; else unset ENVFENCE_CONFIG; fi
exec /usr/local/bin/envfence hook pre-receive
