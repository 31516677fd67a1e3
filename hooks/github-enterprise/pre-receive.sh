#!/bin/sh
# envfence for GitHub Enterprise Server pre-receive hooks.
# 1. Optionally put the server policy next to this script as
#    hooks/github-enterprise/server.yml: the build copies this directory to
#    /etc/envfence/ in the hook environment, where the script finds it.
# 2. Build the hook environment: `docker build --target ghes-hook-env -o out .`
#    writes out/envfence-hook-env.tar.gz (a minimal root file system with
#    /bin/sh, the static envfence binary at /usr/local/bin/envfence and
#    /etc/envfence/).
# 3. Site admin → Hooks → Manage environments → upload the tarball.
# 4. Put this script in a hooks repository and create the pre-receive hook
#    with it (Site admin → Hooks → Add pre-receive hook).
# GitHub Enterprise Server allows all hooks together 5 seconds; envfence's
# default deadline is 4 s (hook.deadline in the server configuration).
# Where things live: the policy at /etc/envfence/server.yml (from the
# tarball); the cache in $GIT_DIR/envfence/ when the hook may write there
# (otherwise every push is judged cold, within the budget); the break-glass
# audit log at hook.bypass.audit-log, which must be a path the hook
# environment can write and that outlives the run.
# The binary: ENVFENCE_BIN, else envfence on PATH, else /usr/local/bin/envfence
# (where the GitHub Enterprise Server hook environment puts it).
if [ -z "${ENVFENCE_BIN:-}" ]; then
  ENVFENCE_BIN=$(command -v envfence 2>/dev/null) || ENVFENCE_BIN=/usr/local/bin/envfence
fi
# The server policy: ENVFENCE_CONFIG when the admin names one (a named policy
# that is missing or unreadable rejects every push, with a message for the
# admin), else /etc/envfence/server.yml when it exists, else the defaults.
if [ -z "${ENVFENCE_CONFIG:-}" ] && [ -f /etc/envfence/server.yml ]; then
  ENVFENCE_CONFIG=/etc/envfence/server.yml
  export ENVFENCE_CONFIG
fi
exec "$ENVFENCE_BIN" hook pre-receive
