# syntax=docker/dockerfile:1
# The release image GoReleaser builds from the binaries it compiled (no
# compiler inside): the CLI, and the base the GHES hook environment is cut
# from. The base is pinned by digest in the release workflow
# (RUNTIME_IMAGE), which can reach the registry to look it up.
ARG RUNTIME_IMAGE=alpine:3.22
FROM ${RUNTIME_IMAGE}
ARG TARGETPLATFORM
RUN apk add --no-cache git ca-certificates && adduser -D -u 10001 envfence
COPY ${TARGETPLATFORM}/envfence /usr/local/bin/envfence
COPY hooks/github-enterprise/pre-receive.sh /usr/local/bin/envfence-pre-receive
COPY hooks/github-enterprise/ /etc/envfence/
USER 10001
ENTRYPOINT ["/usr/local/bin/envfence"]
