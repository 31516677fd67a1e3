# syntax=docker/dockerfile:1
# envfence: the GitHub Action image and the GitHub Enterprise Server
# pre-receive hook environment.
#
#   docker build -t envfence .                               # the Action / CLI image
#   docker build --target ghes-hook-env -o out .             # out/envfence-hook-env.tar.gz
#
# Base images are pinned by tag here; the release workflow pins them by
# digest (it looks the digests up and passes GO_IMAGE and RUNTIME_IMAGE).
# Releases of the Action do not build this image: they download the release
# binary (internal/action/install.sh).
ARG GO_IMAGE=golang:1.26-alpine
ARG RUNTIME_IMAGE=alpine:3.22

FROM ${GO_IMAGE} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# VERSION is the release tag without "v"; empty, the build information says.
ARG VERSION=
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X github.com/envfence/envfence/internal/version.version=${VERSION}" -o /out/envfence ./cmd/envfence

# The hook environment GitHub Enterprise Server runs pre-receive hooks in:
# a tarball of a root file system with /bin/sh and the static binary.
FROM ${RUNTIME_IMAGE} AS ghes-hook-root
COPY --from=build /out/envfence /usr/local/bin/envfence
COPY hooks/github-enterprise/pre-receive.sh /usr/local/bin/envfence-pre-receive
# The kit's directory, with a server.yml when the admin put one there.
COPY hooks/github-enterprise/ /etc/envfence/
FROM ${RUNTIME_IMAGE} AS ghes-hook-pack
COPY --from=ghes-hook-root / /rootfs
RUN tar -C /rootfs -czf /envfence-hook-env.tar.gz .
FROM scratch AS ghes-hook-env
COPY --from=ghes-hook-pack /envfence-hook-env.tar.gz /

# The Action image: envfence reads git objects itself (go-git); git is
# there for workflows that run git commands around it. No USER line:
# GitHub runs Docker actions as the image's default user and documents that
# only root can write to the mounted GITHUB_WORKSPACE (the SARIF file). For
# the CLI outside Actions, run with --user 10001 (the envfence user below).
FROM ${RUNTIME_IMAGE}
RUN apk add --no-cache git ca-certificates && adduser -D -u 10001 envfence
COPY --from=build /out/envfence /usr/local/bin/envfence
ENTRYPOINT ["/usr/local/bin/envfence"]
